// Texts of the automatic open datasets (et/en/ru): the public files' "not found" problem and the
// nightly job's name on the admin page. The datasets' own titles and descriptions are data
// (datasets.ts), published in all three languages in the catalogue.
import { defineMessages } from '../../../kernel/i18n.js';

export const autoMessages = defineMessages({
  'opendata.auto.notFound': {
    et: 'Sellist avaandmete faili ei ole. Aadress on /opendata/auto/KOOD/ANDMESTIK.csv (KOOD on omavalitsuse EHAK-kood või all) või .json; andmestikud: {datasets}.',
    en: 'There is no such open data file. The address is /opendata/auto/CODE/DATASET.csv (CODE is the municipality’s EHAK code or all) or .json; datasets: {datasets}.',
    ru: 'Такого файла открытых данных нет. Адрес: /opendata/auto/КОД/НАБОР.csv (КОД — код EHAK самоуправления или all) или .json; наборы: {datasets}.',
  },
  'opendata.auto.job': {
    et: 'Avaandmete automaatsete andmestike uuendamine',
    en: 'Refresh of the automatic open datasets',
    ru: 'Обновление автоматических наборов открытых данных',
  },
});

// Texts of the reports module's public side (the report form, the public pages, the "is it fixed?"
// answer): Estonian first, then English and Russian.
import { defineMessages } from '../../kernel/i18n.js';

export const reportsPublicMessages = defineMessages({
  'reports.error.photoType': {
    et: 'Foto peab olema JPEG-, PNG- või WebP-pilt.',
    en: 'A photo must be a JPEG, PNG or WebP image.',
    ru: 'Фотография должна быть изображением JPEG, PNG или WebP.',
  },
  'reports.error.photoSize': { et: 'Foto on liiga suur (kuni 10 MB).', en: 'The photo is too large (up to 10 MB).', ru: 'Фотография слишком большая (до 10 МБ).' },
  'reports.error.photoPixels': {
    et: 'Foto on liiga suure eraldusvõimega (kuni 40 megapikslit).',
    en: 'The photo’s resolution is too high (up to 40 megapixels).',
    ru: 'Разрешение фотографии слишком высокое (до 40 мегапикселей).',
  },
  'reports.error.photoBroken': {
    et: 'Fotot ei saanud lugeda: fail on katki või poolik.',
    en: 'The photo could not be read: the file is damaged or incomplete.',
    ru: 'Не удалось прочитать фотографию: файл повреждён или неполон.',
  },
});

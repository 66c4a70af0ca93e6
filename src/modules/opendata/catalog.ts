// The shape of one dataset in the open-data catalogue (issue 14, item 3), shared by the KOVs'
// registered datasets and the platform's automatic datasets: what the DCAT-AP 3 export, the public
// pages and the API read. Codes follow the EU vocabularies named beside each field.

/** A text in Estonian, English and Russian (Estonian required; the others fall back to it). */
export interface DcatText {
  et: string;
  en: string;
  ru: string;
}

/** One way to get the data: an uploaded file, a link, or an API endpoint (dcat:Distribution). */
export interface DcatDistribution {
  /** Stable id, unique within the catalogue (becomes part of the distribution's IRI). */
  id: string;
  kind: 'file' | 'link' | 'api';
  title: DcatText;
  /** dcat:accessURL (required by DCAT-AP): the page or endpoint where the data is reached. */
  accessUrl: string;
  /** dcat:downloadURL: the file itself, where there is one. */
  downloadUrl: string | null;
  /** IANA media type, e.g. text/csv. */
  mediaType: string | null;
  /** EU file-type code (http://publications.europa.eu/resource/authority/file-type/), e.g. CSV, JSON. */
  format: string | null;
  byteSize: number | null;
  /** ISO 8601 date-time of the last change, or null. */
  modified: string | null;
}

/** One dataset (dcat:Dataset) as the catalogue publishes it. */
export interface DcatDataset {
  /** Stable id, unique within the catalogue (becomes part of the dataset's IRI and URL). */
  id: string;
  /** The publishing KOV (4-digit EHAK code), or null for a platform-wide dataset published by ELVL. */
  kov: string | null;
  /** True for the platform's own datasets made automatically from its modules. */
  auto: boolean;
  title: DcatText;
  description: DcatText;
  /** dcat:contactPoint. */
  contact: { name: string; email: string };
  /** EU data-theme codes (http://publications.europa.eu/resource/authority/data-theme/), e.g. GOVE, SOCI. */
  themes: string[];
  /** dcat:keyword, in Estonian. */
  keywords: string[];
  /** dct:spatial as an EHAK code (KOV or county), or null. */
  spatial: string | null;
  /** dct:temporal (ISO dates), or null. */
  temporal: { start: string | null; end: string | null } | null;
  /** EU frequency code (http://publications.europa.eu/resource/authority/frequency/), e.g. DAILY, ANNUAL, IRREG. */
  frequency: string;
  /** EU licence code (http://publications.europa.eu/resource/authority/licence/), e.g. CC_BY_4_0. */
  license: string;
  /** EU access-right code (http://publications.europa.eu/resource/authority/access-right/): PUBLIC, RESTRICTED, NON_PUBLIC. */
  accessRights: 'PUBLIC' | 'RESTRICTED' | 'NON_PUBLIC';
  /** ISO 8601 date-times, or null. */
  issued: string | null;
  modified: string | null;
  /** The dataset's human page (absolute path, e.g. /opendata/0784/parking). */
  landingPage: string;
  distributions: DcatDistribution[];
}

// The platform's AUTOMATIC open datasets (issue 14, item 3; docs/opendata-auto.md): the platform's own
// data — problem reports, the service catalogue, certified results of polls and participatory
// budgets, council votes — published per KOV and for all KOVs as CSV and JSON at stable URLs,
// refreshed every night. The opendata module wires these into its manifest:
//   autoMessages    → messages            autoRoutes   → routes (the public files, the keeper's page)
//   autoJobs        → jobs                autoCommands → commands (`vallamaja opendata refresh`)
//   autoCatalogue   → the catalogue's automatic datasets (DcatDataset, src/modules/opendata/catalog.ts)
//   tables: opendata_auto_* (migrations/202612181000_opendata_auto_files.sql)
import { parseArgs } from 'node:util';
import type { CliCommand } from '../../../kernel/module.js';
import { defineJob } from '../../../kernel/jobs.js';
import type { JobDef } from '../../../kernel/jobs.js';
import type { AutoRefreshPayload } from './service.js';
import { AUTO_REFRESH_JOB, nightlyRefresh, refreshAutoDatasets, refreshOptionsOf } from './service.js';

export { autoMessages } from './messages.js';
export { autoRoutes } from './routes.js';
export { autoCatalogue, autoFile, autoFilePath, autoDatasetId, keeperOverview, lastAutoRun, nightlyRefresh, refreshAutoDatasets, requestAutoRefresh, ELVL_CONTACT, NIGHT } from './service.js';
export type { CatalogueOptions, KeeperDataset, KeeperEntry, KeeperOverview, KeeperRun, RefreshOptions, RefreshSummary } from './service.js';
export { DATASETS, DATASET_KEYS, type DatasetKey } from './datasets.js';

export { AUTO_REFRESH_JOB };

/**
 * The nightly refresh: sent every hour while the workers run; it refreshes once per Tallinn day in
 * the night window (03:00–06:00; the first run ever at once — the job is also sent as the workers
 * start, so a new installation has its files in a minute, not an hour), one process only (claimed in
 * opendata_auto_run). A payload `{ force: true }` refreshes now; `kovs: [code]` only those KOVs
 * (the keeper's page).
 */
export const autoJobs: JobDef[] = [
  defineJob<AutoRefreshPayload>({
    name: AUTO_REFRESH_JOB,
    labelKey: 'opendata.auto.job',
    everySeconds: 3600,
    sendAtStart: true,
    retryLimit: 2,
    expireSeconds: 1800,
    async handler(payload, ctx) {
      const sum = await nightlyRefresh(ctx.db, { publicUrl: ctx.config.publicUrl, log: ctx.log, ...refreshOptionsOf(payload) });
      if (sum && sum.errors > 0) ctx.log.warn({ errors: sum.errors }, 'opendata: some automatic datasets were not refreshed');
    },
  }),
];

const USAGE = `Usage: vallamaja opendata refresh [--kov CODE]...

Makes the platform's automatic open datasets again now (every KOV's and the all-KOV files, CSV and
JSON), as the nightly job does. --kov: only these KOVs (the all-KOV files are then left as they are).
Prints how many files were written and changed. Exit codes: 0 done, 1 some reads failed, 64 usage.`;

export const autoCommands: CliCommand[] = [
  {
    words: ['opendata', 'refresh'],
    usage: USAGE,
    summary: 'make the automatic open datasets again now',
    async run(args, ctx) {
      let kovs: string[] | undefined;
      try {
        const { values } = parseArgs({ args, options: { kov: { type: 'string', multiple: true } }, allowPositionals: false });
        kovs = values.kov;
      } catch {
        ctx.err(USAGE);
        return 64;
      }
      if (kovs?.some((k) => !/^\d{4}$/.test(k))) {
        ctx.err(USAGE);
        return 64;
      }
      const db = await ctx.openDb();
      try {
        const sum = await refreshAutoDatasets(db, { publicUrl: ctx.config.publicUrl, ...(kovs ? { kovs } : {}) });
        ctx.out(`files ${sum.files}, changed ${sum.changed}, errors ${sum.errors}`);
        return sum.errors ? 1 : 0;
      } finally {
        await db.close();
      }
    },
  },
];

import type { Migration } from './types';

/**
 * The .zip a workbook arrived in (a unit's bundle with its evidence, or a
 * zip of many units' bundles): its name as received and its SHA-256, so an
 * import can be traced back to the very file the bureau was handed (the zip
 * is archived beside the workbooks it held). Null for a workbook received
 * as it is. Files imported before this version have none.
 */
export const migration011: Migration = {
  version: 11,
  name: 'import-containers',
  up(db) {
    db.exec(`
      ALTER TABLE import_files ADD COLUMN container_name TEXT;
      ALTER TABLE import_files ADD COLUMN container_hash TEXT;
      CREATE INDEX import_files_hash ON import_files (file_hash);
      CREATE INDEX import_files_container ON import_files (container_hash) WHERE container_hash IS NOT NULL;
    `);
  },
};

import type { Migration } from './types';

/**
 * Bureau imports: each run and each file's outcome, the archive of original
 * bytes, and the targets handed down per year for 完成上级管控目标 indicators.
 */
export const migration002: Migration = {
  version: 2,
  name: 'imports-and-assigned-targets',
  up(db) {
    db.exec(`
      CREATE TABLE import_runs (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        file_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE import_files (
        id TEXT PRIMARY KEY,
        run_id TEXT NOT NULL REFERENCES import_runs (id),
        file_name TEXT NOT NULL,
        file_hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('imported', 'updated', 'unchanged', 'stale', 'rejected')),
        unit_code TEXT,
        period TEXT,
        revision INTEGER,
        errors TEXT NOT NULL DEFAULT '[]',
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX import_files_run ON import_files (run_id);

      CREATE TABLE assigned_targets (
        indicator_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        target REAL NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (indicator_id, year)
      ) STRICT;

      ALTER TABLE submissions ADD COLUMN modified_after_export INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE submissions ADD COLUMN import_file_id TEXT;
    `);
  },
};

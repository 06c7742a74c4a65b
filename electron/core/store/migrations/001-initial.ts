import type { Migration } from './types';

/** Catalog, units, periods, reports with their history, evidence files, submissions. */
export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE catalogs (
        version TEXT PRIMARY KEY,
        json TEXT NOT NULL,
        adopted_at TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX catalogs_one_active ON catalogs (active) WHERE active = 1;

      CREATE TABLE units (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('town', 'department')),
        sort INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
      ) STRICT;

      CREATE TABLE period_settings (
        period TEXT PRIMARY KEY,
        deadline TEXT NOT NULL,
        closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
      ) STRICT;

      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        task_no INTEGER NOT NULL,
        period TEXT NOT NULL,
        status TEXT NOT NULL,
        percent INTEGER CHECK (percent BETWEEN 0 AND 100),
        progress TEXT NOT NULL,
        problems TEXT NOT NULL,
        next_steps TEXT NOT NULL,
        indicators TEXT NOT NULL,
        filled_by TEXT NOT NULL,
        phone TEXT NOT NULL,
        version INTEGER NOT NULL,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (unit_code, period, task_no)
      ) STRICT;
      CREATE INDEX reports_period ON reports (period, task_no);

      -- Every saved version, the current one included: nothing is overwritten without a trace.
      CREATE TABLE report_history (
        report_id TEXT NOT NULL REFERENCES reports (id),
        version INTEGER NOT NULL,
        data TEXT NOT NULL,
        source TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        saved_at TEXT NOT NULL,
        PRIMARY KEY (report_id, version)
      ) STRICT;

      CREATE TABLE evidence_files (
        hash TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE report_evidence (
        report_id TEXT NOT NULL REFERENCES reports (id),
        hash TEXT NOT NULL REFERENCES evidence_files (hash),
        name TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (report_id, hash, name)
      ) STRICT;

      -- One unit's workbook for one period: exported here, or received by the bureau.
      CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        workbook_uuid TEXT,
        content_hash TEXT,
        file_hash TEXT,
        source TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX submissions_unit_period ON submissions (unit_code, period, revision);
    `);
  },
};

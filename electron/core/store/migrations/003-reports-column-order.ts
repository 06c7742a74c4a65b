import type { Migration } from './types';

/**
 * Reports: small columns first, long texts last. SQLite stores a row's
 * columns in order and spills long values to overflow pages, so a column
 * after three long texts costs a walk through those pages even when the
 * texts are not selected. Overviews read status, percent, indicators and
 * times of hundreds of reports; with this order they never touch the texts.
 * Also a covering index for "the newest status of every unit and task".
 */
export const migration003: Migration = {
  version: 3,
  name: 'reports-column-order-and-latest-index',
  // report_history and report_evidence point at reports(id); the ids are carried over.
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE reports_new (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        task_no INTEGER NOT NULL,
        period TEXT NOT NULL,
        status TEXT NOT NULL,
        percent INTEGER CHECK (percent BETWEEN 0 AND 100),
        version INTEGER NOT NULL,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        filled_by TEXT NOT NULL,
        phone TEXT NOT NULL,
        indicators TEXT NOT NULL,
        problems TEXT NOT NULL,
        progress TEXT NOT NULL,
        next_steps TEXT NOT NULL,
        UNIQUE (unit_code, period, task_no)
      ) STRICT;
      INSERT INTO reports_new (id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps)
        SELECT id, unit_code, task_no, period, status, percent, version, source, updated_at, filled_by, phone, indicators, problems, progress, next_steps FROM reports;
      DROP TABLE reports;
      ALTER TABLE reports_new RENAME TO reports;
      CREATE INDEX reports_period ON reports (period, task_no);
      CREATE INDEX reports_unit_task_period ON reports (unit_code, task_no, period, status);
    `);
  },
};

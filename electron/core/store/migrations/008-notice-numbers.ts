import type { Migration } from './types';

/**
 * 督办单 numbers (济阳生态督〔2021〕3号) are issued once: the first print of a
 * notice for a lagging task × unit of a period takes the year's next number,
 * and printing it again shows the same number. Before, numbers ran 1…N in
 * every print, so two prints could carry one number for different matters.
 */
export const migration008: Migration = {
  version: 8,
  name: 'notice-numbers',
  up(db) {
    db.exec(`
      CREATE TABLE notice_numbers (
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        period TEXT NOT NULL,
        task_no INTEGER NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units (code),
        reason TEXT NOT NULL CHECK (reason IN ('lagging', 'missing')),
        issued_at TEXT NOT NULL,
        PRIMARY KEY (year, seq),
        UNIQUE (period, task_no, unit_code, reason)
      ) STRICT;
    `);
  },
};

import type { Migration } from './types';

/**
 * A covering index for the overview of one period (status, percent,
 * indicators, times of every report): the overview reads only this index and
 * never the table's pages, where each row sits with its long texts. It starts
 * with (period, task_no), so it also replaces reports_period.
 */
export const migration005: Migration = {
  version: 5,
  name: 'overview-covering-index',
  up(db) {
    db.exec(`
      CREATE INDEX reports_overview ON reports
        (period, task_no, unit_code, status, percent, version, source, updated_at, filled_by, phone, indicators, id);
      DROP INDEX reports_period;
    `);
  },
};

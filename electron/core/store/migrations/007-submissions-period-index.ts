import type { Migration } from './types';

/**
 * The overview and the submission status read a period's submissions on
 * every call. Without an index that was a scan of every submission ever
 * received (thousands after a few years, tens of thousands at province
 * scale) and a sort; this index gives them in order.
 */
export const migration007: Migration = {
  version: 7,
  name: 'submissions-period-index',
  up(db) {
    db.exec('CREATE INDEX submissions_period ON submissions (period, unit_code, revision, received_at)');
  },
};

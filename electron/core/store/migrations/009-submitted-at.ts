import type { Migration } from './types';

/**
 * When the unit sent a submission, as its file says (the export time of an
 * unmodified workbook; the save time of one saved again, or of a filled
 * template), beside when the bureau received it (imported it). On time or late
 * is judged by the first: the bureau collects the period's files and imports
 * them in one go, often after the deadline. Null for rows from before (and
 * files that do not say): those are judged by the time received.
 */
export const migration009: Migration = {
  version: 9,
  name: 'submitted-at',
  up(db) {
    db.exec('ALTER TABLE submissions ADD COLUMN submitted_at TEXT');
  },
};

import type { Migration } from './types';

/**
 * Which database a received workbook was exported from, when it was exported
 * and when saved (as the file says), and the order in which submissions'
 * contents were taken up.
 *
 * Revision numbers count the exports of one database. A unit that sets its
 * app up afresh (a new computer, a reinstall) or restores a backup numbers
 * again from where that database stood, so its newest file can carry a lower
 * number than one the bureau holds; between two databases, the export time
 * tells which file is newer (`apply.ts` decide). The content held is then no
 * longer simply that of the highest revision: `held_rank` numbers, per unit
 * and period, the submissions whose content was taken up, in that order
 * (null: recorded, never taken up, such as an older file that came late).
 * `sent_at` is the send time exactly as the file says it (its export, or the
 * save of a file changed since; null when it does not say): of two different
 * files of one revision (a template filled twice, an export and a copy edited
 * by hand) the one saved later is the newer.
 *
 * Rows from before: `database_id`, `exported_at` and `sent_at` unknown (null); their
 * ranks replay the rule they were taken up by (the highest revision, the later
 * received among equals; exports, imports and demo data each counted apart).
 */
export const migration012: Migration = {
  version: 12,
  name: 'submission-lineage',
  up(db) {
    db.exec(`
      ALTER TABLE submissions ADD COLUMN database_id TEXT;
      ALTER TABLE submissions ADD COLUMN exported_at TEXT;
      ALTER TABLE submissions ADD COLUMN held_rank INTEGER;
      ALTER TABLE submissions ADD COLUMN sent_at TEXT;
    `);
    const rows = db
      .prepare('SELECT rowid AS rid, unit_code AS unit, period, revision, source, received_at AS receivedAt FROM submissions ORDER BY unit_code, period, received_at, rowid')
      .all() as { rid: number; unit: string; period: string; revision: number; source: string; receivedAt: string }[];
    const set = db.prepare('UPDATE submissions SET held_rank = ? WHERE rowid = ?');
    let key = '';
    let rank = 0;
    let held = new Map<string, { revision: number; receivedAt: string }>();
    for (const r of rows) {
      if (`${r.unit}/${r.period}` !== key) {
        key = `${r.unit}/${r.period}`;
        rank = 0;
        held = new Map();
      }
      // Each source apart, as each was taken up: an import was judged against imports only (a demo row numbered
      // above them did not keep a later import's content from being applied).
      const kind = r.source;
      const h = held.get(kind);
      if (h && !(r.revision > h.revision || (r.revision === h.revision && r.receivedAt >= h.receivedAt))) continue;
      held.set(kind, r);
      set.run(++rank, r.rid);
    }
  },
};

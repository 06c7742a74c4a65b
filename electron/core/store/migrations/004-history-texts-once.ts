import type { Migration } from './types';

/**
 * The history snapshot of a report's newest version no longer repeats its long
 * texts (progress, problems, next steps): the report row holds them, and
 * `ReportRepo.history` reads them from there. They are written into that
 * snapshot only when the row moves on to a newer version (`seal`). A bulk
 * import of 8,000 reports then commits each text once instead of twice.
 *
 * Here: the existing newest snapshots whose texts equal the row's lose them.
 * A snapshot that differs from its row (it should not) keeps its own texts.
 */
export const migration004: Migration = {
  version: 4,
  name: 'history-texts-once',
  up(db) {
    db.exec(`
      UPDATE report_history SET data = json_remove(data, '$.progress', '$.problems', '$.next')
      WHERE json_valid(data) AND EXISTS (
        SELECT 1 FROM reports r
        WHERE r.id = report_history.report_id AND r.version = report_history.version
          AND json_extract(report_history.data, '$.progress') IS r.progress
          AND json_extract(report_history.data, '$.problems') IS r.problems
          AND json_extract(report_history.data, '$.next') IS r.next_steps
      );
    `);
  },
};

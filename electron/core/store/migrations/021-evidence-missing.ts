import type { Migration } from './types';

/**
 * Each accepted file remembers how many of the evidence files its workbook lists did not come with it (not in its
 * bundle, or come with other content: replaced or damaged on the way), so the bureau sees it where it reviews the
 * unit's submission (the 待审核 row, 审核通过) and not only in the import's report. Files imported before this kept it
 * in their warnings only: counted from those.
 */
export const migration021: Migration = {
  version: 21,
  name: 'evidence-missing',
  up(db) {
    db.exec('ALTER TABLE import_files ADD COLUMN evidence_missing INTEGER NOT NULL DEFAULT 0 CHECK (evidence_missing >= 0)');
    const rows = db.prepare("SELECT id, warnings FROM import_files WHERE status IN ('imported', 'updated') AND (warnings LIKE '%未能导入%' OR warnings LIKE '%表列出的%未导入%')").all() as { id: string; warnings: string }[];
    const set = db.prepare('UPDATE import_files SET evidence_missing = ? WHERE id = ?');
    for (const r of rows) {
      let said: unknown;
      try {
        said = JSON.parse(r.warnings);
      } catch {
        continue;
      }
      if (!Array.isArray(said)) continue;
      // As they were worded (apply.ts missingSaid; a filled template's listed row not found, import-run.ts resolveListed).
      const n = said.filter((w) => typeof w === 'string' && (/^佐证材料“.*”（第 \d+ 项任务）.*未能导入/su.test(w) || /表列出的“.*”（第 \d+ 项任务）.*未导入/su.test(w))).length;
      if (n > 0) set.run(n, r.id);
    }
  },
};

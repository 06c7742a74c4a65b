import type { Migration } from './types';

/**
 * Each accepted file remembers which of the evidence files its workbook lists did not come with it (task and name, as
 * listed), not only how many: the bureau is told which where it reviews the unit (审核通过, the 待审核 row), and a file
 * the bureau attached itself since (代为填报) is no longer counted as missing. Files imported before this kept them in
 * their warnings only: read from those (as worded then: apply.ts missingSaid, import-run.ts resolveListed).
 */
export const migration022: Migration = {
  version: 22,
  name: 'evidence-missing-files',
  up(db) {
    db.exec("ALTER TABLE import_files ADD COLUMN evidence_missing_files TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence_missing_files) AND json_type(evidence_missing_files) = 'array')");
    const rows = db.prepare('SELECT id, warnings FROM import_files WHERE evidence_missing > 0').all() as { id: string; warnings: string }[];
    const set = db.prepare('UPDATE import_files SET evidence_missing_files = ?, evidence_missing = ? WHERE id = ?');
    const said = [/^佐证材料“(.*)”（第 (\d+) 项任务）.*未能导入/su, /表列出的“(.*)”（第 (\d+) 项任务）.*未导入/su];
    for (const r of rows) {
      let warnings: unknown;
      try {
        warnings = JSON.parse(r.warnings);
      } catch {
        continue;
      }
      if (!Array.isArray(warnings)) continue;
      const files: { task: number; name: string }[] = [];
      for (const w of warnings) {
        if (typeof w !== 'string') continue;
        const m = said.map((re) => re.exec(w)).find((x) => x !== null);
        if (m) files.push({ task: Number(m[2]), name: m[1]! });
      }
      if (files.length > 0) set.run(JSON.stringify(files), files.length, r.id);
    }
  },
};

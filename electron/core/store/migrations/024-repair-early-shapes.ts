import type Database from 'better-sqlite3';
import type { Migration } from './types';

/**
 * Databases made by a build between a migration's first release and a later change to it (010, 012, 016 and 019 were
 * each given columns after they first shipped, against the rule in index.ts): such a database already counts the
 * migration as done, so it lacks what the code now reads and writes (`returns.content_hash`, `told_revision`;
 * `submissions.sent_at`; `approvals.paper_at`, `tasks`; the notices' `unit_name`, `matter`, `voided_at`,
 * `void_reason`, and 存在问题 up to 8,000 characters, not 5,000). Each is added where missing, as the migration now
 * makes it, its rows kept: a value the build never recorded stays unknown (null), as for rows from before the
 * migration (an approval's tasks `[]`, a notice's matter read from the plan, as migration 019's carried notices). A
 * database of any other build has them all: nothing changes.
 */
export const migration024: Migration = {
  version: 24,
  name: 'repair-early-shapes',
  up(db) {
    const columns = (table: string): Set<string> => new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
    const add = (table: string, column: string, declared: string): void => {
      const has = columns(table);
      if (has.size > 0 && !has.has(column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${declared}`);
    };
    add('returns', 'content_hash', 'TEXT');
    add('returns', 'told_revision', 'INTEGER');
    add('submissions', 'sent_at', 'TEXT');
    add('approvals', 'paper_at', 'TEXT');
    add('approvals', 'tasks', "TEXT NOT NULL DEFAULT '[]'");
    repairNotices(db, columns('notices'));
  },
};

/** The notices table as migration 019 makes it now, its rows carried over (a CHECK cannot be changed in place). */
function repairNotices(db: Database.Database, has: Set<string>): void {
  if (has.size === 0) return;
  const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'notices'").get() as { sql: string }).sql;
  const missing = ['unit_name', 'matter', 'voided_at', 'void_reason'].filter((c) => !has.has(c));
  if (missing.length === 0 && !/length\(problems\) <= 5000/.test(sql)) return;
  const kept = ['id', 'year', 'seq', 'period', 'unit_code', 'unit_name', 'reason', 'tasks', 'matter', 'problems', 'demand', 'issued_at', 'due_on', 'answered_on', 'answer_note', 'answered_at', 'voided_at', 'void_reason'].filter((c) => has.has(c));
  db.exec(`
    CREATE TABLE notices_repaired (
      id TEXT PRIMARY KEY,
      year INTEGER NOT NULL,
      seq INTEGER NOT NULL CHECK (seq > 0),
      period TEXT NOT NULL,
      unit_code TEXT NOT NULL REFERENCES units (code),
      unit_name TEXT,
      reason TEXT NOT NULL CHECK (reason IN ('lagging', 'missing')),
      tasks TEXT NOT NULL CHECK (json_valid(tasks) AND json_type(tasks) = 'array' AND json_array_length(tasks) > 0),
      matter TEXT CHECK (matter IS NULL OR length(matter) <= 2000),
      problems TEXT CHECK (problems IS NULL OR length(problems) <= 8000),
      demand TEXT CHECK (demand IS NULL OR length(demand) BETWEEN 1 AND 500),
      issued_at TEXT NOT NULL,
      due_on TEXT NOT NULL,
      answered_on TEXT,
      answer_note TEXT NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
      answered_at TEXT,
      voided_at TEXT,
      void_reason TEXT NOT NULL DEFAULT '' CHECK (length(void_reason) <= 500),
      UNIQUE (year, seq)
    ) STRICT;
    INSERT INTO notices_repaired (${kept.join(', ')}) SELECT ${kept.join(', ')} FROM notices;
    DROP TABLE notices;
    ALTER TABLE notices_repaired RENAME TO notices;
    CREATE INDEX notices_period ON notices (period, unit_code);
  `);
}

import type { Migration } from './types';

/**
 * 督办单 as documents the bureau signs and follows up (督办台账), not numbers handed out at print time. A notice is
 * issued (签发) deliberately, for the matters the bureau picked: one lagging task of a unit, or a unit that sent
 * nothing (all its tasks in one notice). It keeps what it said when issued: its 存在问题, 督办要求 and 办理时限, so a
 * reprint is the same document; and whether and when the unit answered (反馈).
 *
 * The numbers issued before (notice_numbers, one per task × unit) are carried over as notices of one task each,
 * their 办理时限 the 15 days the print gave them; what they said is read from the reports as before (problems and
 * demand null).
 */
export const migration019: Migration = {
  version: 19,
  name: 'notices',
  up(db) {
    db.exec(`
      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        year INTEGER NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        period TEXT NOT NULL,
        unit_code TEXT NOT NULL REFERENCES units (code),
        reason TEXT NOT NULL CHECK (reason IN ('lagging', 'missing')),
        tasks TEXT NOT NULL CHECK (json_valid(tasks) AND json_type(tasks) = 'array' AND json_array_length(tasks) > 0),
        problems TEXT CHECK (problems IS NULL OR length(problems) <= 5000),
        demand TEXT CHECK (demand IS NULL OR length(demand) BETWEEN 1 AND 500),
        issued_at TEXT NOT NULL,
        due_on TEXT NOT NULL,
        answered_on TEXT,
        answer_note TEXT NOT NULL DEFAULT '' CHECK (length(answer_note) <= 500),
        answered_at TEXT,
        UNIQUE (year, seq)
      ) STRICT;
      CREATE INDEX notices_period ON notices (period, unit_code);
      INSERT INTO notices (id, year, seq, period, unit_code, reason, tasks, problems, demand, issued_at, due_on)
        SELECT
          lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
          year, seq, period, unit_code, reason, json_array(task_no), NULL, NULL, issued_at, date(issued_at, '+8 hours', '+15 days')
        FROM notice_numbers ORDER BY year, seq;
      DROP TABLE notice_numbers;
    `);
  },
};

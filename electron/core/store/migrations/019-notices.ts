import type { Migration } from './types';

/**
 * 督办单 as documents the bureau signs and follows up (督办台账), not numbers handed out at print time. A notice is
 * issued (签发) deliberately, for the matters the bureau picked: one lagging task of a unit, or a unit that sent
 * nothing (all its tasks in one notice). It keeps what it said when issued, so a reprint is the same document: its
 * 督办事项, the unit's name that day, the tasks with their titles, 存在问题, 督办要求 and 办理时限; whether and when
 * the unit answered (反馈); and whether it was voided (作废: its number stays used, the matter may be issued again).
 *
 * The numbers issued before (notice_numbers, one per task × unit) are carried over as notices of one task each
 * (`tasks` holds the bare task number: the title and matter are read from the plan), their 办理时限 the 15 days the
 * print gave them, a lagging one's 存在问题 the one its report held when the notice was issued (from the report's
 * history), a missing one's left to say the period's deadline.
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
      CREATE INDEX notices_period ON notices (period, unit_code);
      INSERT INTO notices (id, year, seq, period, unit_code, reason, tasks, problems, issued_at, due_on)
        SELECT
          lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
          n.year, n.seq, n.period, n.unit_code, n.reason, json_array(n.task_no),
          CASE WHEN n.reason = 'lagging' THEN (
            SELECT COALESCE(json_extract(h.data, '$.problems'), CASE WHEN h.version = r.version THEN r.problems END)
            FROM reports r JOIN report_history h ON h.report_id = r.id
            WHERE r.unit_code = n.unit_code AND r.period = n.period AND r.task_no = n.task_no AND h.saved_at <= n.issued_at
            ORDER BY h.version DESC LIMIT 1
          ) END,
          n.issued_at, date(n.issued_at, '+8 hours', '+15 days')
        FROM notice_numbers n ORDER BY n.year, n.seq;
      -- A lagging report that stated no problem printed so.
      UPDATE notices SET problems = '填报状态为“进度滞后”，未说明具体问题。' WHERE reason = 'lagging' AND problems IS NOT NULL AND trim(problems) = '';
      DROP TABLE notice_numbers;
    `);
  },
};

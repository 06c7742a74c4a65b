import type { Migration } from './types';

/**
 * 审核通过: the bureau accepts a unit's submission for a period, as DHIS2
 * approves a data set for a period and organisation unit. An approval is of
 * the content held when it was given (content_hash; none for demo data); when
 * other content becomes the unit's held submission (a later revision, a file
 * corrected by hand) the approval no longer stands and the bureau reviews
 * again; so does a revised plan that changes the tasks the unit answers for
in that period (`tasks`: their numbers when approved). `paper`: the unit's printed form, signed and stamped (盖章), was
 * received, recorded with the approval or later (paper_at: when it was
 * recorded). Every approval stays in the table: the newest is the one shown,
 * unless withdrawn (撤销审核).
 */
export const migration016: Migration = {
  version: 16,
  name: 'approvals',
  up(db) {
    db.exec(`
      CREATE TABLE approvals (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        content_hash TEXT,
        paper INTEGER NOT NULL CHECK (paper IN (0, 1)),
        paper_at TEXT,
        note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        tasks TEXT NOT NULL DEFAULT '[]',
        approved_at TEXT NOT NULL,
        withdrawn_at TEXT
      ) STRICT;
      CREATE INDEX approvals_period ON approvals (period, unit_code);
    `);
  },
};

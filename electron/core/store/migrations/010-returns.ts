import type { Migration } from './types';

/**
 * 退回: the bureau sends a unit's submission for a period back for
 * correction, with its reason and, if it says so, the tasks concerned. A
 * return stands until other content than the one sent back (content_hash;
 * none for demo data) becomes the unit's held submission (then 已重报: a
 * later revision, a file corrected by hand, a template filled in again); the bureau may withdraw it (kept, marked withdrawn). Every
 * return stays in the table: the newest is the one shown, unless withdrawn.
 * In a unit's database the returns are the bureau's set-up file's, with
 * told_revision: the unit's highest export revision when it learned of the
 * return (only a later export answers it).
 */
export const migration010: Migration = {
  version: 10,
  name: 'returns',
  up(db) {
    db.exec(`
      CREATE TABLE returns (
        id TEXT PRIMARY KEY,
        unit_code TEXT NOT NULL REFERENCES units (code),
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        content_hash TEXT,
        reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        tasks TEXT NOT NULL DEFAULT '[]',
        returned_at TEXT NOT NULL,
        told_revision INTEGER,
        withdrawn_at TEXT
      ) STRICT;
      CREATE INDEX returns_period ON returns (period, unit_code);
    `);
  },
};

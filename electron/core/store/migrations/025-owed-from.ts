import type { Migration } from './types';

/**
 * 起报周期: the first period the units owe (DHIS2's data set start). Periods that ended before it (2021's first two
 * quarters, before the plan was issued on 14 July; or those before the app came into use) are not asked of anyone:
 * not 未报, not in a reporting rate, not offered in 督办管理. The day itself lives in `meta` (`owed_from`; without it,
 * the day the earliest plan held was issued); 设置变更记录 keeps its changes, so the table is rebuilt with the new
 * kind (a CHECK cannot be altered in place), rows and ids kept.
 *
 * A database already in use owed every period until now: it keeps doing so (`0000-01-01`, PLAN_SINCE_ALWAYS) until
 * the bureau sets its 起报周期, rather than have its earlier periods (and what it holds of them) drop out of the counts
 * on upgrading. One set up from now on owes from the period its plan was issued in.
 */
export const migration025: Migration = {
  version: 25,
  name: 'owed-from',
  up(db) {
    db.exec(`
      CREATE TABLE settings_changes_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('deadline', 'closed', 'target', 'period_kind', 'baseline', 'catalog', 'owed_from')),
        subject TEXT NOT NULL,
        before TEXT,
        after TEXT
      ) STRICT;
      INSERT INTO settings_changes_new (id, at, kind, subject, before, after) SELECT id, at, kind, subject, before, after FROM settings_changes;
      DROP TABLE settings_changes;
      ALTER TABLE settings_changes_new RENAME TO settings_changes;
      CREATE INDEX settings_changes_subject ON settings_changes (kind, subject);
      INSERT OR IGNORE INTO meta (key, value) SELECT 'owed_from', '0000-01-01' WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'role');
    `);
  },
};

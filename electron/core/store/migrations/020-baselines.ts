import type { Migration } from './types';

/**
 * 基准值: for an indicator that must not fall (林草覆盖率 ≥ 18% 且不降低), the figure a year's first value is compared
 * with when no earlier value of that year or the year before is held (the figure when the title was awarded, or
 * last year's from the statistics), entered by the bureau per year. Without it, and without an earlier value, such
 * an indicator is 待定, not 达标 on its target alone.
 *
 * 设置变更记录 keeps these too, and the task list revised (its version before and after): the table is rebuilt with
 * the two new kinds (a CHECK cannot be altered in place).
 */
export const migration020: Migration = {
  version: 20,
  name: 'baselines',
  up(db) {
    db.exec(`
      CREATE TABLE indicator_baselines (
        indicator_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (indicator_id, year)
      ) STRICT;
      CREATE TABLE settings_changes_new (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('deadline', 'closed', 'target', 'period_kind', 'baseline', 'catalog')),
        subject TEXT NOT NULL,
        before TEXT,
        after TEXT
      ) STRICT;
      INSERT INTO settings_changes_new (id, at, kind, subject, before, after) SELECT id, at, kind, subject, before, after FROM settings_changes;
      DROP TABLE settings_changes;
      ALTER TABLE settings_changes_new RENAME TO settings_changes;
      CREATE INDEX settings_changes_subject ON settings_changes (kind, subject);
    `);
  },
};

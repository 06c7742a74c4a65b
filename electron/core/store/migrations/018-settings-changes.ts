import type { Migration } from './types';

/**
 * What the bureau changed in its settings, and when: a deadline moved, a period closed or opened again, a target
 * handed down entered or changed, the period kind. A moved deadline changes who was 按时 and who 逾期, so a
 * 报送情况统计表 printed before must stay explicable (DHIS2 keeps such an audit too).
 */
export const migration018: Migration = {
  version: 18,
  name: 'settings-changes',
  up(db) {
    db.exec(`
      CREATE TABLE settings_changes (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('deadline', 'closed', 'target', 'period_kind')),
        subject TEXT NOT NULL,
        before TEXT,
        after TEXT
      ) STRICT;
      CREATE INDEX settings_changes_subject ON settings_changes (kind, subject);
    `);
  },
};

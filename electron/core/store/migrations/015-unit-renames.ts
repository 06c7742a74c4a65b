import type { Migration } from './types';

/**
 * The names a unit went by before it was renamed (机构改革: 区环保局 became
 * 市生态环境局济阳分局), each with when it was replaced. A period whose
 * deadline came before a rename is shown, printed and exported under the name
 * the unit had then; a workbook of the old name (sent before the rename, or a
 * hand-fill template filled in from an old copy) is still its. Units renamed
 * before this version have no earlier names recorded.
 */
export const migration015: Migration = {
  version: 15,
  name: 'unit-renames',
  up(db) {
    db.exec(`CREATE TABLE unit_renames (
      code TEXT NOT NULL,
      name TEXT NOT NULL,
      renamed_at TEXT NOT NULL
    );
    CREATE INDEX unit_renames_by_code ON unit_renames (code, renamed_at);`);
  },
};

import type { Migration } from './types';

/**
 * Each import run remembers the files of a zip of several workbooks that none of them lists (a photo a unit may have
 * meant as evidence, a note): the import's result said them, and 导入记录 now says them too once that result is gone.
 * Runs before this did not keep them.
 */
export const migration023: Migration = {
  version: 23,
  name: 'run-unlisted',
  up(db) {
    db.exec("ALTER TABLE import_runs ADD COLUMN unlisted TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(unlisted) AND json_type(unlisted) = 'array')");
  },
};

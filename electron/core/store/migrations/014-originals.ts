import type { Migration } from './types';

/**
 * The original bytes of imported workbooks, by SHA-256, inside the database
 * (they were files under `<db>.files/archive/`, as a bundle's .zip still
 * is). Each workbook's original goes in as it is checked, so the commit of
 * its rows makes it durable too, without a file, a folder and three syncs
 * for each (on the bureau's disk that cost more CPU than storing the
 * workbook's texts), and the daily backups, a whole copy and a restore carry
 * them with the database. Originals archived as files before stay there
 * and are read from there.
 */
export const migration014: Migration = {
  version: 14,
  name: 'originals',
  up(db) {
    db.exec('CREATE TABLE originals (hash TEXT PRIMARY KEY, size INTEGER NOT NULL CHECK (size = length(data)), data BLOB NOT NULL) STRICT');
  },
};

import type { Migration } from './types';

/**
 * When a unit was deactivated (as DHIS2 keeps an organisation unit's closed
 * date): a period whose deadline came before then still counts it (its
 * summary, submission status and forms list it, as they did when it was
 * due), a later period does not. Set when a unit goes from active to
 * inactive, cleared when it is activated again. Units deactivated before
 * this version have none: a period counts them where they hold reports or
 * submissions for it.
 */
export const migration013: Migration = {
  version: 13,
  name: 'unit-deactivated-at',
  up(db) {
    db.exec('ALTER TABLE units ADD COLUMN deactivated_at TEXT');
  },
};

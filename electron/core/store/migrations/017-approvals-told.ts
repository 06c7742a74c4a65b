import type { Migration } from './types';

/**
 * A unit learns of the bureau's approvals (审核通过) of its submissions from
 * the set-up file, as it learns of its returns (010): in a unit's database
 * `told_revision` is its highest export revision of the period when it
 * learned of the approval. Only an export numbered above it, with other
 * content, makes the approval no longer stand there (the bureau reviews that
 * one again once it has it); an earlier export may differ from what the
 * bureau holds (a file edited by hand before it was sent). Null in the
 * bureau's database, where the content held decides.
 */
export const migration017: Migration = {
  version: 17,
  name: 'approvals-told',
  up(db) {
    db.exec('ALTER TABLE approvals ADD COLUMN told_revision INTEGER');
  },
};

import type { Migration } from './types';

/**
 * A unit's 报送与审核记录 (`submissions.log`) lists every file received for its
 * submission of a period: found by unit and period, not by walking every file
 * the bureau ever imported (30,000 a year at a province's scale).
 */
export const migration017: Migration = {
  version: 17,
  name: 'import-files-unit-period',
  up(db) {
    db.exec('CREATE INDEX import_files_unit_period ON import_files (unit_code, period)');
  },
};

import { Repo } from './repo';

export interface Submission {
  id: string;
  unit: string;
  period: string;
  revision: number;
  workbookUuid: string | null;
  contentHash: string | null;
  fileHash: string | null;
  source: 'export' | 'import' | 'demo';
  /** When the bureau received it (imported it; for a unit, exported it). */
  receivedAt: string;
  /** When the unit sent it, as its file says (see migration 009); null: judged by receivedAt. */
  submittedAt: string | null;
  modifiedAfterExport: boolean;
}

interface Row {
  id: string;
  unit_code: string;
  period: string;
  revision: number;
  workbook_uuid: string | null;
  content_hash: string | null;
  file_hash: string | null;
  source: Submission['source'];
  received_at: string;
  submitted_at: string | null;
  modified_after_export: number;
}

const toSubmission = (r: Row): Submission => ({
  id: r.id,
  unit: r.unit_code,
  period: r.period,
  revision: r.revision,
  workbookUuid: r.workbook_uuid,
  contentHash: r.content_hash,
  fileHash: r.file_hash,
  source: r.source,
  receivedAt: r.received_at,
  submittedAt: r.submitted_at,
  modifiedAfterExport: r.modified_after_export === 1,
});

const COLUMNS =
  'id, unit_code, period, revision, workbook_uuid, content_hash, file_hash, source, received_at, submitted_at, modified_after_export';

export class SubmissionRepo extends Repo {
  /** The earliest period any submission is for; null when there are none. */
  firstPeriod(): string | null {
    return (this.stmt('SELECT min(period) AS p FROM submissions').get() as { p: string | null }).p;
  }

  add(s: Submission): void {
    this
      .stmt(
        `INSERT INTO submissions (${COLUMNS}) VALUES (@id, @unit, @period, @revision, @workbookUuid, @contentHash, @fileHash, @source, @receivedAt, @submittedAt, @modified)`,
      )
      .run({ ...s, modified: s.modifiedAfterExport ? 1 : 0 });
  }

  forUnit(unit: string, period: string): Submission[] {
    return (
      this.stmt(`SELECT ${COLUMNS} FROM submissions WHERE unit_code = ? AND period = ? ORDER BY revision, received_at`).all(unit, period) as Row[]
    ).map(toSubmission);
  }

  forPeriod(period: string): Submission[] {
    return (
      this.stmt(`SELECT ${COLUMNS} FROM submissions WHERE period = ? ORDER BY unit_code, revision, received_at`).all(period) as Row[]
    ).map(toSubmission);
  }

  /** The highest revision received (imported) of each unit's submission per period: the bureau's, for its set-up file. */
  heldRevisions(): { unit: string; period: string; revision: number }[] {
    return this.stmt("SELECT unit_code AS unit, period, max(revision) AS revision FROM submissions WHERE source = 'import' GROUP BY unit_code, period ORDER BY unit_code, period").all() as {
      unit: string;
      period: string;
      revision: number;
    }[];
  }

  maxRevision(unit: string, period: string): number {
    const row = this.stmt('SELECT max(revision) AS r FROM submissions WHERE unit_code = ? AND period = ?').get(unit, period) as {
      r: number | null;
    };
    return row.r ?? 0;
  }
}

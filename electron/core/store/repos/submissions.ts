import { Repo } from './repo';

export interface Submission {
  id: string;
  unit: string;
  period: string;
  revision: number;
  workbookUuid: string | null;
  contentHash: string | null;
  fileHash: string | null;
  source: 'export' | 'import' | 'demo' | 'entry';
  /** When the bureau received it (imported it; for a unit, exported it). */
  receivedAt: string;
  /** When the unit sent it, as its file says (see migration 009); null: judged by receivedAt. */
  submittedAt: string | null;
  modifiedAfterExport: boolean;
  /** The database the workbook was exported from (its machine sheet's database_id); null: not said. */
  databaseId: string | null;
  /** When it was exported, as its machine sheet says (UTC ISO); null: not said. */
  exportedAt: string | null;
  /**
   * Per unit and period, the order in which submissions' contents were taken
   * up (1, 2, …); null for one recorded but not taken up (an older file that
   * came late). The content held is the highest rank's (see migration 012).
   */
  heldRank: number | null;
  /** The send time exactly as the file says it (its export, or its save when changed since); null when it does not say. */
  sentAt: string | null;
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
  database_id: string | null;
  exported_at: string | null;
  held_rank: number | null;
  sent_at: string | null;
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
  databaseId: r.database_id,
  exportedAt: r.exported_at,
  heldRank: r.held_rank,
  sentAt: r.sent_at,
});

const COLUMNS =
  'id, unit_code, period, revision, workbook_uuid, content_hash, file_hash, source, received_at, submitted_at, modified_after_export, database_id, exported_at, held_rank, sent_at';

export class SubmissionRepo extends Repo {
  /** The earliest period any submission is for; null when there are none. */
  firstPeriod(): string | null {
    return (this.stmt('SELECT min(period) AS p FROM submissions').get() as { p: string | null }).p;
  }

  /**
   * Records a submission. `held`: its content is taken up (the newest for its
   * unit and period from now on); else it is only recorded (heldRank null).
   */
  add(s: Omit<Submission, 'heldRank' | 'databaseId' | 'exportedAt' | 'sentAt'> & Partial<Pick<Submission, 'databaseId' | 'exportedAt' | 'sentAt'>>, held: boolean): void {
    const rank = held
      ? (this.stmt('SELECT coalesce(max(held_rank), 0) + 1 AS r FROM submissions WHERE unit_code = ? AND period = ?').get(s.unit, s.period) as { r: number }).r
      : null;
    this
      .stmt(
        `INSERT INTO submissions (${COLUMNS}) VALUES (@id, @unit, @period, @revision, @workbookUuid, @contentHash, @fileHash, @source, @receivedAt, @submittedAt, @modified, @databaseId, @exportedAt, @rank, @sentAt)`,
      )
      .run({ ...s, modified: s.modifiedAfterExport ? 1 : 0, databaseId: s.databaseId ?? null, exportedAt: s.exportedAt ?? null, sentAt: s.sentAt ?? null, rank });
  }

  /** An export recorded whose file never reached its place (export-unit.ts): it did not go out. */
  removeExport(id: string): void {
    this.stmt("DELETE FROM submissions WHERE id = ? AND source = 'export'").run(id);
  }

  forUnit(unit: string, period: string): Submission[] {
    return (
      this.stmt(`SELECT ${COLUMNS} FROM submissions WHERE unit_code = ? AND period = ? ORDER BY revision, received_at`).all(unit, period) as Row[]
    ).map(toSubmission);
  }

  /** A period's submissions; `sources`: of these sources only (read as rows only when they count). */
  forPeriod(period: string, sources?: readonly string[]): Submission[] {
    const rows = sources
      ? this.stmt(`SELECT ${COLUMNS} FROM submissions WHERE period = ? AND source IN (SELECT value FROM json_each(?)) ORDER BY unit_code, revision, received_at`).all(period, JSON.stringify(sources))
      : this.stmt(`SELECT ${COLUMNS} FROM submissions WHERE period = ? ORDER BY unit_code, revision, received_at`).all(period);
    return (rows as Row[]).map(toSubmission);
  }

  /** The highest revision received (imported, or entered by the bureau for the unit) of each unit's submission per period: the bureau's, for its set-up file (a unit numbers its next export above it). */
  heldRevisions(): { unit: string; period: string; revision: number }[] {
    return this.stmt("SELECT unit_code AS unit, period, max(revision) AS revision FROM submissions WHERE source IN ('import', 'entry') GROUP BY unit_code, period ORDER BY unit_code, period").all() as {
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

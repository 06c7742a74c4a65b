import { Repo } from './repo';

/** A 审核通过 of one unit's submission for a period (migration 016). */
export interface Approval {
  id: string;
  unit: string;
  period: string;
  /** The revision of the submission approved. */
  revision: number;
  /** The content approved (the submission's content hash; null for demo data): other content held ends the approval. */
  contentHash: string | null;
  /** The signed and stamped printed form was received. */
  paper: boolean;
  /** When its arrival was recorded (with the approval, or later); null when it has not come. */
  paperAt: string | null;
  note: string;
  /** The tasks the unit answered for in the period when approved (by number, ascending). */
  tasks: number[];
  approvedAt: string;
}

interface Row {
  id: string;
  unit_code: string;
  period: string;
  revision: number;
  content_hash: string | null;
  paper: number;
  paper_at: string | null;
  note: string;
  tasks: string;
  approved_at: string;
  withdrawn_at: string | null;
}

const toApproval = (r: Row): Approval => ({
  id: r.id,
  unit: r.unit_code,
  period: r.period,
  revision: r.revision,
  contentHash: r.content_hash,
  paper: r.paper === 1,
  paperAt: r.paper_at,
  note: r.note,
  tasks: JSON.parse(r.tasks) as number[],
  approvedAt: r.approved_at,
});

export class ApprovalRepo extends Repo {
  add(a: Approval): void {
    this.stmt('INSERT INTO approvals (id, unit_code, period, revision, content_hash, paper, paper_at, note, tasks, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      a.id,
      a.unit,
      a.period,
      a.revision,
      a.contentHash,
      a.paper ? 1 : 0,
      a.paperAt,
      a.note,
      JSON.stringify(a.tasks),
      a.approvedAt,
    );
  }

  /** Marks the unit's current approval for the period withdrawn; the number withdrawn (0 or 1). */
  withdraw(unit: string, period: string, at: string): number {
    const current = this.current(unit, period);
    if (!current) return 0;
    return this.stmt('UPDATE approvals SET withdrawn_at = ? WHERE id = ?').run(at, current.id).changes;
  }

  /** Records that the approval's stamped paper form came (at `at`); the number of approvals changed (0 or 1). */
  recordPaper(id: string, at: string): number {
    return this.stmt('UPDATE approvals SET paper = 1, paper_at = ? WHERE id = ? AND paper = 0').run(at, id).changes;
  }

  /** The unit's newest approval for the period, unless it was withdrawn. */
  current(unit: string, period: string): Approval | null {
    const row = this.stmt('SELECT * FROM approvals WHERE period = ? AND unit_code = ? ORDER BY rowid DESC LIMIT 1').get(period, unit) as Row | undefined;
    return row && row.withdrawn_at === null ? toApproval(row) : null;
  }

  /** Each unit's newest approval for the period, unless it was withdrawn. */
  forPeriod(period: string): Map<string, Approval> {
    const out = new Map<string, Approval>();
    for (const r of this.stmt('SELECT * FROM approvals WHERE period = ? ORDER BY rowid').all(period) as Row[]) {
      if (r.withdrawn_at === null) out.set(r.unit_code, toApproval(r));
      else out.delete(r.unit_code);
    }
    return out;
  }
}

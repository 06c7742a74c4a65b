import { DecisionRepo } from './decisions';

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

export class ApprovalRepo extends DecisionRepo<Row, Approval> {
  protected readonly table = 'approvals';
  protected said(d: Approval): string {
    return d.note;
  }
  protected saying(d: Approval, note: string): Approval {
    return { ...d, note };
  }
  protected decidedAt(a: Approval): string {
    return a.approvedAt;
  }
  protected toItem(row: Row): Approval {
    return toApproval(row);
  }

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

  /** Records that the approval's stamped paper form came (at `at`); the number of approvals changed (0 or 1). */
  recordPaper(id: string, at: string): number {
    return this.stmt('UPDATE approvals SET paper = 1, paper_at = ? WHERE id = ? AND paper = 0').run(at, id).changes;
  }
}

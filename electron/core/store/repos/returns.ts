import { DecisionRepo } from './decisions';

/** A 退回 of one unit's submission for a period (migration 010). */
export interface Return {
  id: string;
  unit: string;
  period: string;
  /** The revision of the submission sent back. */
  revision: number;
  /** The content sent back (the submission's content hash; null for demo data): other content held answers the return. */
  contentHash: string | null;
  reason: string;
  /** The tasks the bureau named (none: the whole submission). */
  tasks: number[];
  returnedAt: string;
  /**
   * In a unit's database: its highest export revision when it learned of the return (adopted the set-up
   * file saying it); only a later export answers it. Null in the bureau's.
   */
  toldRevision: number | null;
}

interface Row {
  id: string;
  unit_code: string;
  period: string;
  revision: number;
  content_hash: string | null;
  reason: string;
  tasks: string;
  returned_at: string;
  told_revision: number | null;
  withdrawn_at: string | null;
}

const toReturn = (r: Row): Return => ({
  id: r.id,
  unit: r.unit_code,
  period: r.period,
  revision: r.revision,
  contentHash: r.content_hash,
  reason: r.reason,
  tasks: JSON.parse(r.tasks) as number[],
  returnedAt: r.returned_at,
  toldRevision: r.told_revision,
});

export class ReturnRepo extends DecisionRepo<Row, Return> {
  protected readonly table = 'returns';
  protected said(d: Return): string {
    return d.reason;
  }
  protected saying(d: Return, reason: string): Return {
    return { ...d, reason };
  }
  /** Only an export made after the unit first learnt of the return answers it. */
  protected override toldAgain(d: Return, before: Return): Return {
    return { ...d, toldRevision: before.toldRevision ?? d.toldRevision };
  }
  protected decidedAt(r: Return): string {
    return r.returnedAt;
  }
  protected toItem(row: Row): Return {
    return toReturn(row);
  }

  add(r: Return): void {
    this.stmt('INSERT INTO returns (id, unit_code, period, revision, content_hash, reason, tasks, returned_at, told_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      r.id,
      r.unit,
      r.period,
      r.revision,
      r.contentHash,
      r.reason,
      JSON.stringify(r.tasks),
      r.returnedAt,
      r.toldRevision,
    );
  }

}

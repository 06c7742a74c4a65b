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

  /** Every unit's newest return of every period, unless it was withdrawn. */
  allCurrent(): Return[] {
    return [...this.newestStanding(this.stmt('SELECT * FROM returns ORDER BY rowid').all() as Row[], (r) => `${r.unit_code}/${r.period}`).values()];
  }

  /**
   * A unit's returns as the bureau's set-up file says them (a unit's database): those held before are
   * replaced; one it was told before keeps the export revision it was first told at (an export since answers it).
   */
  replaceFor(withheld: string, unit: string, returns: readonly Return[]): void {
    const key = (r: Return): string => `${r.period}/${r.revision}/${r.contentHash ?? ''}/${r.returnedAt}`;
    const known = new Map((this.stmt('SELECT * FROM returns WHERE unit_code = ?').all(unit) as Row[]).map((row) => [key(toReturn(row)), row]));
    this.stmt('DELETE FROM returns WHERE unit_code = ?').run(unit);
    for (const r of returns) {
      const held = known.get(key(r));
      // `withheld`: the reason a file says when it does not give it; the one known of this very return stays.
      this.add({ ...r, reason: r.reason === withheld && held ? held.reason : r.reason, toldRevision: held?.told_revision ?? r.toldRevision });
    }
  }

  /** The highest revision a return names for the unit and period (0 when none): a unit's next export is numbered above it. */
  maxRevision(unit: string, period: string): number {
    return (this.stmt('SELECT max(revision) AS r FROM returns WHERE unit_code = ? AND period = ?').get(unit, period) as { r: number | null }).r ?? 0;
  }
}

import { Repo } from './repo';

/** The columns every table of the bureau's decisions on a unit's submission has (returns, approvals). */
export interface DecisionRow {
  id: string;
  unit_code: string;
  period: string;
  withdrawn_at: string | null;
}

/**
 * The bureau's decisions on a unit's submission for a period (退回, 审核通过): every one stays in its table,
 * the newest of a unit and period is the one that counts, unless it was withdrawn (an older one is then
 * history, not shown).
 */
export abstract class DecisionRepo<R extends DecisionRow, T> extends Repo {
  protected abstract readonly table: 'returns' | 'approvals';
  protected abstract toItem(row: R): T;

  /** Rows in insertion order → the newest per key, dropped when that newest was withdrawn. */
  protected newestStanding(rows: readonly R[], keyOf: (r: R) => string): Map<string, T> {
    const out = new Map<string, T>();
    for (const r of rows) {
      if (r.withdrawn_at === null) out.set(keyOf(r), this.toItem(r));
      else out.delete(keyOf(r));
    }
    return out;
  }

  private newestRow(unit: string, period: string): R | undefined {
    return this.stmt(`SELECT * FROM ${this.table} WHERE period = ? AND unit_code = ? ORDER BY rowid DESC LIMIT 1`).get(period, unit) as R | undefined;
  }

  /** Marks the unit's current decision for the period withdrawn; the number withdrawn (0 or 1). */
  withdraw(unit: string, period: string, at: string): number {
    const row = this.newestRow(unit, period);
    if (!row || row.withdrawn_at !== null) return 0;
    return this.stmt(`UPDATE ${this.table} SET withdrawn_at = ? WHERE id = ?`).run(at, row.id).changes;
  }

  /** The unit's newest decision for the period, unless it was withdrawn. */
  current(unit: string, period: string): T | null {
    const row = this.newestRow(unit, period);
    return row && row.withdrawn_at === null ? this.toItem(row) : null;
  }

  /** Each unit's newest decision for the period, unless it was withdrawn. */
  forPeriod(period: string): Map<string, T> {
    return this.newestStanding(this.stmt(`SELECT * FROM ${this.table} WHERE period = ? ORDER BY rowid`).all(period) as R[], (r) => r.unit_code);
  }
}

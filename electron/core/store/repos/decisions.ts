import { Repo } from './repo';

/** The columns every table of the bureau's decisions on a unit's submission has (returns, approvals). */
export interface DecisionRow {
  id: string;
  unit_code: string;
  period: string;
  withdrawn_at: string | null;
}

/** What every decision says: of which period, revision and content. */
export interface Decision {
  period: string;
  revision: number;
  contentHash: string | null;
}

/**
 * The bureau's decisions on a unit's submission for a period (退回, 审核通过): every one stays in its table,
 * the newest of a unit and period is the one that counts, unless it was withdrawn (an older one is then
 * history, not shown).
 */
export abstract class DecisionRepo<R extends DecisionRow, T extends Decision> extends Repo {
  protected abstract readonly table: 'returns' | 'approvals';
  /**
   * The highest revision a decision names for the unit and period (0 when none): a unit's next export, and a
   * submission the bureau enters, are numbered above it (the bureau may have decided on a revision the unit's
   * database never made: one the bureau typed in for it).
   */
  maxRevision(unit: string, period: string): number {
    return (this.stmt(`SELECT max(revision) AS r FROM ${this.table} WHERE unit_code = ? AND period = ?`).get(unit, period) as { r: number | null }).r ?? 0;
  }

  protected abstract toItem(row: R): T;
  /** The decision's time (with period, revision and content, what tells one decision told again from another). */
  protected abstract decidedAt(item: T): string;
  /** The text the bureau said with it (a reason, a note): the one a set-up file for every unit withholds. */
  protected abstract said(item: T): string;
  /** The decision with that text in its place. */
  protected abstract saying(item: T, text: string): T;
  abstract add(item: T): void;
  /** A decision told again as the unit's database first learnt of it (a 退回 keeps the export revision it was first told at). */
  protected toldAgain(d: T, _before: T): T {
    return d;
  }

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

  /** Every decision on the unit's submission for the period, withdrawn ones too (when), oldest first. */
  history(unit: string, period: string): { item: T; withdrawnAt: string | null }[] {
    return (this.stmt(`SELECT * FROM ${this.table} WHERE period = ? AND unit_code = ? ORDER BY rowid`).all(period, unit) as R[]).map((r) => ({ item: this.toItem(r), withdrawnAt: r.withdrawn_at }));
  }

  /** Each unit's newest decision for the period, unless it was withdrawn. */
  forPeriod(period: string): Map<string, T> {
    return this.newestStanding(this.stmt(`SELECT * FROM ${this.table} WHERE period = ? ORDER BY rowid`).all(period) as R[], (r) => r.unit_code);
  }

  /** Every unit's newest decision of every period, unless it was withdrawn. */
  allCurrent(): T[] {
    return [...this.newestStanding(this.stmt(`SELECT * FROM ${this.table} ORDER BY rowid`).all() as R[], (r) => `${r.unit_code}/${r.period}`).values()];
  }

  /**
   * A unit's decisions as the bureau's set-up file says them (a unit's database): those held before are replaced;
   * one it was told before is kept as first learnt (`toldAgain`), with the text learnt from the unit's own file
   * when this file, one for every unit, says `withheld` instead.
   */
  replaceFor(withheld: string, unit: string, items: readonly T[]): void {
    const key = (d: T): string => `${d.period}/${d.revision}/${d.contentHash ?? ''}/${this.decidedAt(d)}`;
    const known = new Map((this.stmt(`SELECT * FROM ${this.table} WHERE unit_code = ?`).all(unit) as R[]).map((row) => [key(this.toItem(row)), this.toItem(row)]));
    this.stmt(`DELETE FROM ${this.table} WHERE unit_code = ?`).run(unit);
    for (const d of items) {
      const held = known.get(key(d));
      this.add(held ? this.toldAgain(this.saying(d, this.said(d) === withheld ? this.said(held) : this.said(d)), held) : d);
    }
  }
}

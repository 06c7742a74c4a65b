import type { DB } from '../db';
import { Repo } from './repo';

/**
 * A number per indicator and year: the targets handed down from above (完成上级管控目标 indicators, table
 * assigned_targets), or the 基准值 of indicators that must not fall (table indicator_baselines, column value).
 */
export class TargetRepo extends Repo {
  constructor(
    db: DB,
    private readonly table: 'assigned_targets' | 'indicator_baselines' = 'assigned_targets',
    private readonly column: 'target' | 'value' = 'target',
  ) {
    super(db);
  }

  get(indicatorId: string, year: number): number | null {
    const row = this.stmt(`SELECT ${this.column} AS target FROM ${this.table} WHERE indicator_id = ? AND year = ?`).get(indicatorId, year) as
      | { target: number }
      | undefined;
    return row?.target ?? null;
  }

  /** Every target assigned for a year, by indicator id: one query for a whole table of indicators. */
  forYear(year: number): Map<string, number> {
    const rows = this.stmt(`SELECT indicator_id, ${this.column} FROM ${this.table} WHERE year = ?`).raw(true).all(year) as [string, number][];
    return new Map(rows);
  }

  set(indicatorId: string, year: number, target: number): void {
    this
      .stmt(
        `INSERT INTO ${this.table} (indicator_id, year, ${this.column}) VALUES (?, ?, ?)
         ON CONFLICT (indicator_id, year) DO UPDATE SET ${this.column} = excluded.${this.column}`,
      )
      .run(indicatorId, year, target);
  }

  /** A target entered by mistake taken back (the indicator is 待定 again until one is entered). */
  remove(indicatorId: string, year: number): void {
    this.stmt(`DELETE FROM ${this.table} WHERE indicator_id = ? AND year = ?`).run(indicatorId, year);
  }

  all(): { indicatorId: string; year: number; target: number }[] {
    return (
      this.stmt(`SELECT indicator_id, year, ${this.column} AS target FROM ${this.table} ORDER BY indicator_id, year`).all() as {
        indicator_id: string;
        year: number;
        target: number;
      }[]
    ).map((r) => ({ indicatorId: r.indicator_id, year: r.year, target: r.target }));
  }
}

import { Repo } from './repo';

/** Targets handed down from above per year, for 完成上级管控目标 indicators. */
export class TargetRepo extends Repo {

  get(indicatorId: string, year: number): number | null {
    const row = this.stmt('SELECT target FROM assigned_targets WHERE indicator_id = ? AND year = ?').get(indicatorId, year) as
      | { target: number }
      | undefined;
    return row?.target ?? null;
  }

  /** Every target assigned for a year, by indicator id: one query for a whole table of indicators. */
  forYear(year: number): Map<string, number> {
    const rows = this.stmt('SELECT indicator_id, target FROM assigned_targets WHERE year = ?').raw(true).all(year) as [string, number][];
    return new Map(rows);
  }

  set(indicatorId: string, year: number, target: number): void {
    this
      .stmt(
        `INSERT INTO assigned_targets (indicator_id, year, target) VALUES (?, ?, ?)
         ON CONFLICT (indicator_id, year) DO UPDATE SET target = excluded.target`,
      )
      .run(indicatorId, year, target);
  }

  /** A target entered by mistake taken back (the indicator is 待定 again until one is entered). */
  remove(indicatorId: string, year: number): void {
    this.stmt('DELETE FROM assigned_targets WHERE indicator_id = ? AND year = ?').run(indicatorId, year);
  }

  all(): { indicatorId: string; year: number; target: number }[] {
    return (
      this.stmt('SELECT indicator_id, year, target FROM assigned_targets ORDER BY indicator_id, year').all() as {
        indicator_id: string;
        year: number;
        target: number;
      }[]
    ).map((r) => ({ indicatorId: r.indicator_id, year: r.year, target: r.target }));
  }
}

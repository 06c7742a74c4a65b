import type { DB } from '../db';

/** Targets handed down from above per year, for 完成上级管控目标 indicators. */
export class TargetRepo {
  constructor(private readonly db: DB) {}

  get(indicatorId: string, year: number): number | null {
    const row = this.db.prepare('SELECT target FROM assigned_targets WHERE indicator_id = ? AND year = ?').get(indicatorId, year) as
      | { target: number }
      | undefined;
    return row?.target ?? null;
  }

  set(indicatorId: string, year: number, target: number): void {
    this.db
      .prepare(
        `INSERT INTO assigned_targets (indicator_id, year, target) VALUES (?, ?, ?)
         ON CONFLICT (indicator_id, year) DO UPDATE SET target = excluded.target`,
      )
      .run(indicatorId, year, target);
  }

  all(): { indicatorId: string; year: number; target: number }[] {
    return (
      this.db.prepare('SELECT indicator_id, year, target FROM assigned_targets ORDER BY indicator_id, year').all() as {
        indicator_id: string;
        year: number;
        target: number;
      }[]
    ).map((r) => ({ indicatorId: r.indicator_id, year: r.year, target: r.target }));
  }
}

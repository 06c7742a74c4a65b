import type Database from 'better-sqlite3';
import type { DB } from '../db';

export interface PeriodSetting {
  period: string;
  deadline: string;
  closed: boolean;
}

/** Deadlines and closing set by the bureau; periods without a row use the defaults. */
export class PeriodRepo {
  private getStmt: Database.Statement | null = null;

  constructor(private readonly db: DB) {}

  get(period: string): PeriodSetting | null {
    // Prepared once: the bulk import checks the period of every file.
    this.getStmt ??= this.db.prepare('SELECT period, deadline, closed FROM period_settings WHERE period = ?');
    const row = this.getStmt.get(period) as
      | { period: string; deadline: string; closed: number }
      | undefined;
    return row ? { period: row.period, deadline: row.deadline, closed: row.closed === 1 } : null;
  }

  list(): PeriodSetting[] {
    const rows = this.db.prepare('SELECT period, deadline, closed FROM period_settings ORDER BY period').all() as {
      period: string;
      deadline: string;
      closed: number;
    }[];
    return rows.map((r) => ({ period: r.period, deadline: r.deadline, closed: r.closed === 1 }));
  }

  set(s: PeriodSetting): void {
    this.db
      .prepare(
        `INSERT INTO period_settings (period, deadline, closed) VALUES (?, ?, ?)
         ON CONFLICT (period) DO UPDATE SET deadline = excluded.deadline, closed = excluded.closed`,
      )
      .run(s.period, s.deadline, s.closed ? 1 : 0);
  }
}

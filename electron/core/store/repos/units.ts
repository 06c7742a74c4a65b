import type { Unit, UnitKind } from '../../../../shared/catalog/types';
import type Database from 'better-sqlite3';
import type { DB } from '../db';

interface Row {
  code: string;
  name: string;
  kind: UnitKind;
  sort: number;
  active: number;
}

const toUnit = (r: Row): Unit => ({ code: r.code, name: r.name, kind: r.kind, sort: r.sort, active: r.active === 1 });

export class UnitRepo {
  /** Bumped on every write through this repo, so callers can cache what they derive from the unit list. */
  private writes = 0;

  private byCodeStmt: Database.Statement | null = null;

  constructor(private readonly db: DB) {}

  get version(): number {
    return this.writes;
  }

  list(includeInactive = false): Unit[] {
    const sql = `SELECT code, name, kind, sort, active FROM units ${includeInactive ? '' : 'WHERE active = 1'} ORDER BY sort, code`;
    return (this.db.prepare(sql).all() as Row[]).map(toUnit);
  }

  byCode(code: string): Unit | null {
    // Prepared once: the bulk import looks a unit up for every file.
    this.byCodeStmt ??= this.db.prepare('SELECT code, name, kind, sort, active FROM units WHERE code = ?');
    const row = this.byCodeStmt.get(code) as Row | undefined;
    return row ? toUnit(row) : null;
  }

  upsert(u: Unit): void {
    this.db
      .prepare(
        `INSERT INTO units (code, name, kind, sort, active) VALUES (@code, @name, @kind, @sort, @active)
         ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, sort = excluded.sort, active = excluded.active`,
      )
      .run({ ...u, active: u.active ? 1 : 0 });
    this.writes++;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;
  }
}

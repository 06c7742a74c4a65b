import type Database from 'better-sqlite3';
import type { DB } from '../db';

/** A repository with prepared statements kept by their SQL: preparing costs more than running the small queries the import repeats per file. */
export abstract class Repo {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(protected readonly db: DB) {}

  protected stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

import type Database from 'better-sqlite3';
import type { DB } from '../db';

/** Evidence file records; the bytes live in the data folder under their SHA-256. */
export class EvidenceRepo {
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(private readonly db: DB) {}

  /** Prepared once, reused: the bulk import runs these per file. */
  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  add(hash: string, size: number, at: string): void {
    this.stmt('INSERT OR IGNORE INTO evidence_files (hash, size, added_at) VALUES (?, ?, ?)').run(hash, size, at);
  }

  has(hash: string): boolean {
    return this.stmt('SELECT 1 FROM evidence_files WHERE hash = ?').get(hash) !== undefined;
  }
}

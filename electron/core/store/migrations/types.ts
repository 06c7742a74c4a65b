import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3 … with no gaps; stored in PRAGMA user_version. */
  version: number;
  name: string;
  up(db: Database.Database): void;
  /**
   * Rebuilds a table that others reference: foreign keys are switched off
   * around the transaction (SQLite's documented procedure for table rebuilds)
   * and PRAGMA foreign_key_check must come back empty before the commit.
   */
  rebuildsTables?: boolean;
}

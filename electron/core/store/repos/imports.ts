import { Repo } from './repo';

export interface ImportFileRow {
  id: string;
  runId: string;
  fileName: string;
  fileHash: string;
  size: number;
  status: 'imported' | 'updated' | 'unchanged' | 'stale' | 'rejected';
  unit: string | null;
  period: string | null;
  revision: number | null;
  errors: string;
  warnings: string;
  importedAt: string;
}

interface Row {
  id: string;
  run_id: string;
  file_name: string;
  file_hash: string;
  size: number;
  status: ImportFileRow['status'];
  unit_code: string | null;
  period: string | null;
  revision: number | null;
  errors: string;
  warnings: string;
  imported_at: string;
}

const toFile = (r: Row): ImportFileRow => ({
  id: r.id,
  runId: r.run_id,
  fileName: r.file_name,
  fileHash: r.file_hash,
  size: r.size,
  status: r.status,
  unit: r.unit_code,
  period: r.period,
  revision: r.revision,
  errors: r.errors,
  warnings: r.warnings,
  importedAt: r.imported_at,
});

/** Bureau import runs and each file's outcome. */
export class ImportRepo extends Repo {

  /**
   * Batched commits for the bulk import: several files share one transaction
   * (one fsync), each file inside its own savepoint (`store.tx` nests as a
   * savepoint), so each file still ends wholly imported or not at all.
   */
  get inBatch(): boolean {
    return this.db.inTransaction;
  }

  beginBatch(): void {
    this.stmt('BEGIN IMMEDIATE').run();
  }

  commitBatch(): void {
    this.stmt('COMMIT').run();
  }

  /**
   * A bulk import writes tens of megabytes: the WAL is copied back into the
   * database every ~128 MB instead of every ~4 MB (SQLite's default), so hot
   * pages (indexes) are copied once and far fewer fsyncs are paid. Returns the
   * setting to hand back to `endBulk`, which restores it and checkpoints.
   */
  beginBulk(): number {
    const before = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 32768');
    return before;
  }

  endBulk(before: number): void {
    this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(before))}`);
    if (this.db.inTransaction) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // What was committed is safe in the WAL; the next checkpoint copies it.
    }
  }

  rollbackBatch(): void {
    if (this.db.inTransaction) this.stmt('ROLLBACK').run();
  }

  startRun(id: string, at: string): void {
    this.stmt('INSERT INTO import_runs (id, started_at) VALUES (?, ?)').run(id, at);
  }

  finishRun(id: string, at: string, fileCount: number): void {
    this.stmt('UPDATE import_runs SET finished_at = ?, file_count = ? WHERE id = ?').run(at, fileCount, id);
  }

  addFile(f: ImportFileRow): void {
    this
      .stmt(
        `INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, unit_code, period, revision, errors, warnings, imported_at)
         VALUES (@id, @runId, @fileName, @fileHash, @size, @status, @unit, @period, @revision, @errors, @warnings, @importedAt)`,
      )
      .run(f);
  }

  /** Ties a submission to the import file it came from. */
  linkSubmission(submissionId: string, importFileId: string): void {
    this.stmt('UPDATE submissions SET import_file_id = ? WHERE id = ?').run(importFileId, submissionId);
  }

  runs(limit: number): { id: string; startedAt: string; finishedAt: string | null }[] {
    const rows = this.stmt('SELECT id, started_at, finished_at FROM import_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as {
      id: string;
      started_at: string;
      finished_at: string | null;
    }[];
    return rows.map((r) => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at }));
  }

  filesOf(runId: string): ImportFileRow[] {
    return (this.stmt('SELECT * FROM import_files WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(toFile);
  }
}

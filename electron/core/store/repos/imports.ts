import { closeSync, fdatasync as fdatasyncCb, openSync } from 'node:fs';
import { promisify } from 'node:util';
import type { MissingEvidence } from '../../../../shared/api/exchange';
import { checkpointInBackground } from '../checkpoint';
import { walPages } from '../db';
import { Repo } from './repo';

const fdatasync = promisify(fdatasyncCb);
/** WAL a bulk import lets grow before a checkpoint (see beginBulk). */
const BULK_CHECKPOINT_BYTES = 128 * 1024 * 1024;

interface BulkWal {
  fd: number;
  /** The WAL's fsyncs, one after another. */
  syncing: Promise<void>;
  /** A sync is chained but not started: it will cover the latest commit too. */
  queued: boolean;
  failed: unknown;
}

interface RunRow {
  id: string;
  started_at: string;
  finished_at: string | null;
  unlisted: string;
}

const toRun = (r: RunRow): { id: string; startedAt: string; finishedAt: string | null; unlisted: string[] } => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  unlisted: (JSON.parse(r.unlisted) as unknown[]).filter((f): f is string => typeof f === 'string'),
});

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
  /** The .zip it arrived in (as received), when it came in one. */
  containerName: string | null;
  containerHash: string | null;
  /** Evidence files its workbook lists that did not come with it (or came with other content): not imported. */
  evidenceMissing: MissingEvidence[];
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
  container_name: string | null;
  container_hash: string | null;
  evidence_missing: number;
  evidence_missing_files: string;
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
  containerName: r.container_name,
  containerHash: r.container_hash,
  evidenceMissing: missingOf(r.evidence_missing_files),
});

/** As stored (JSON, checked by the table); anything else read as none. */
function missingOf(json: string): MissingEvidence[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((e): e is MissingEvidence => typeof e === 'object' && e !== null && typeof e.task === 'number' && typeof e.name === 'string') : [];
}

/** Bureau import runs and each file's outcome. */
export class ImportRepo extends Repo {
  private bulk: { autocheckpoint: number; synchronous: number; wal: BulkWal | null; users: number } | null = null;

  /**
   * Batched commits for the bulk import: several files share one transaction
   * (one fsync), each file inside its own savepoint (`store.tx` nests as a
   * savepoint), so each file still ends wholly imported or not at all.
   */
  get inBatch(): boolean {
    return this.db.inTransaction;
  }

  beginBatch(): void {
    // The safety level cannot change inside a transaction: NORMAL from here to the commit (see commitBatch).
    if (this.bulk?.wal) this.db.pragma('synchronous = NORMAL');
    try {
      this.stmt('BEGIN IMMEDIATE').run();
    } catch (err) {
      this.restoreSafety();
      throw err;
    }
  }

  private restoreSafety(): void {
    if (this.bulk?.wal) this.db.pragma(`synchronous = ${this.bulk.synchronous}`);
  }

  /**
   * In a bulk import the batch commits without waiting for its fsync
   * (synchronous = NORMAL for that batch alone: WAL keeps the database
   * consistent either way); the WAL is synced by a libuv thread meanwhile,
   * and `endBulk` waits for it before the run reports. Every other write,
   * also one made while an import runs, commits with synchronous = FULL.
   */
  commitBatch(): void {
    const wal = this.bulk?.wal;
    if (!wal) {
      this.stmt('COMMIT').run();
      return;
    }
    try {
      this.stmt('COMMIT').run();
    } finally {
      if (!this.db.inTransaction) this.restoreSafety();
    }
    if (wal.queued) return; // a sync not started yet covers this commit too
    wal.queued = true;
    wal.syncing = wal.syncing.then(async () => {
      wal.queued = false;
      try {
        await fdatasync(wal.fd);
      } catch (err) {
        wal.failed ??= err;
      }
    });
  }

  /**
   * A bulk import writes tens of megabytes: the WAL is copied back into the
   * database every ~128 MB instead of every ~4 MB (SQLite's default), so hot
   * pages (indexes) are copied once, and batches are synced in the
   * background (see commitBatch). `endBulk` undoes it.
   */
  beginBulk(): void {
    // Two imports at once share one set-up; the last to end undoes it.
    if (this.bulk) {
      this.bulk.users++;
      return;
    }
    const autocheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    const synchronous = this.db.pragma('synchronous', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${walPages(this.db, BULK_CHECKPOINT_BYTES)}`);
    let wal: BulkWal | null = null;
    try {
      // Opened for writing: Windows flushes a file only through a handle that may write it.
      if (!this.db.memory && synchronous >= 2) wal = { fd: openSync(`${this.db.name}-wal`, 'r+'), syncing: Promise.resolve(), queued: false, failed: null };
    } catch {
      wal = null; // no WAL file to sync yet: every batch commits with its own fsync
    }
    this.bulk = { autocheckpoint, synchronous, wal, users: 1 };
  }

  /**
   * Waits until every batch so far is on disk (throws the sync's error, if
   * any). The last import to end restores the settings and has the WAL
   * copied back into the database in a background thread, so the run's
   * answer does not wait for it. Call once per beginBulk.
   */
  async endBulk(): Promise<void> {
    const bulk = this.bulk;
    if (!bulk) return;
    const last = --bulk.users === 0;
    if (last) {
      this.bulk = null;
      this.db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.trunc(bulk.autocheckpoint))}`);
    }
    if (bulk.wal) {
      await bulk.wal.syncing;
      if (last) closeSync(bulk.wal.fd);
      if (bulk.wal.failed) throw bulk.wal.failed;
    }
    if (last && !this.db.memory) checkpointInBackground(this.db.name);
  }

  rollbackBatch(): void {
    if (this.db.inTransaction) this.stmt('ROLLBACK').run();
    this.restoreSafety();
  }

  startRun(id: string, at: string): void {
    this.stmt('INSERT INTO import_runs (id, started_at) VALUES (?, ?)').run(id, at);
  }

  finishRun(id: string, at: string, fileCount: number): void {
    this.stmt('UPDATE import_runs SET finished_at = ?, file_count = ? WHERE id = ?').run(at, fileCount, id);
  }

  /** The files of the run's zips that no workbook listed (ImportReport.unlisted), kept with the run. */
  setUnlisted(id: string, files: readonly string[]): void {
    this.stmt('UPDATE import_runs SET unlisted = ? WHERE id = ?').run(JSON.stringify(files), id);
  }

  addFile(f: ImportFileRow): void {
    this
      .stmt(
        `INSERT INTO import_files (id, run_id, file_name, file_hash, size, status, unit_code, period, revision, errors, warnings, imported_at, container_name, container_hash, evidence_missing, evidence_missing_files)
         VALUES (@id, @runId, @fileName, @fileHash, @size, @status, @unit, @period, @revision, @errors, @warnings, @importedAt, @containerName, @containerHash, @evidenceMissing, @evidenceMissingFiles)`,
      )
      .run({ ...f, evidenceMissing: f.evidenceMissing.length, evidenceMissingFiles: JSON.stringify(f.evidenceMissing.map(({ task, name }) => ({ task, name }))) });
  }

  /** Ties a submission to the import file it came from. */
  linkSubmission(submissionId: string, importFileId: string): void {
    this.stmt('UPDATE submissions SET import_file_id = ? WHERE id = ?').run(importFileId, submissionId);
  }

  runs(limit: number): { id: string; startedAt: string; finishedAt: string | null; unlisted: string[] }[] {
    const rows = this.stmt('SELECT id, started_at, finished_at, unlisted FROM import_runs ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map(toRun);
  }

  /** One run by its id (undefined when there is none). */
  run(id: string): { id: string; startedAt: string; finishedAt: string | null; unlisted: string[] } | undefined {
    const row = this.stmt('SELECT id, started_at, finished_at, unlisted FROM import_runs WHERE id = ?').get(id) as RunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  /**
   * How a file with these bytes was received, as a workbook (`file_hash`) or
   * as the .zip it came in (`container_hash`): the name it was last received
   * under (by a file not rejected, if any), and whether any file not
   * rejected came with it (then its original is archived). Null when no
   * import holds it.
   */
  receivedAs(hash: string): { name: string; archived: boolean; container: boolean } | null {
    const row = this.stmt(
      `SELECT name, kept, container FROM (
         SELECT file_name AS name, status <> 'rejected' AS kept, 0 AS container, imported_at, rowid AS r FROM import_files WHERE file_hash = ?
         UNION ALL SELECT container_name, status <> 'rejected', 1, imported_at, rowid FROM import_files WHERE container_hash = ?
       ) ORDER BY kept DESC, imported_at DESC, r DESC LIMIT 1`,
    ).get(hash, hash) as { name: string; kept: number; container: number } | undefined;
    return row ? { name: row.name, archived: row.kept === 1, container: row.container === 1 } : null;
  }

  /**
   * Keeps a workbook's original bytes by their SHA-256 (migration 014):
   * whether it was stored now (false: held already). Committed at once: in a
   * bulk import as a batch of its own (synchronous = NORMAL: the WAL is synced
   * in the background, once for as many commits as came meanwhile, and before
   * the run reports; committed with FULL each cost ~1.2 ms of the main
   * thread here), inside the caller's transaction when one is open.
   */
  storeOriginal(hash: string, data: Uint8Array): boolean {
    const insert = (): boolean => this.stmt('INSERT OR IGNORE INTO originals (hash, size, data) VALUES (?, ?, ?)').run(hash, data.byteLength, data).changes > 0;
    if (this.inBatch) return insert();
    this.beginBatch();
    try {
      const stored = insert();
      this.commitBatch();
      return stored;
    } catch (err) {
      // Also when SQLite rolled the transaction back itself (disk full): the safety level comes back.
      this.rollbackBatch();
      throw err;
    }
  }

  /** The size of an original held in the database, or null. */
  originalSize(hash: string): number | null {
    const row = this.stmt('SELECT size FROM originals WHERE hash = ?').get(hash) as { size: number } | undefined;
    return row ? row.size : null;
  }

  /** An original held in the database, or null. */
  original(hash: string): Buffer | null {
    const row = this.stmt('SELECT data FROM originals WHERE hash = ?').get(hash) as { data: Buffer } | undefined;
    return row ? row.data : null;
  }

  /** Drops originals stored by a run whose rows never committed, in one commit. */
  dropOriginals(hashes: string[]): void {
    this.db.transaction(() => {
      for (const h of hashes) this.stmt('DELETE FROM originals WHERE hash = ?').run(h);
    })();
  }

  /** Whether an import's rows (not a rejection's) name this original, as its workbook or the .zip it came in. */
  originalInUse(hash: string): boolean {
    return (
      this.stmt("SELECT 1 FROM import_files WHERE file_hash = ? AND status <> 'rejected' UNION ALL SELECT 1 FROM import_files WHERE container_hash = ? AND status <> 'rejected' LIMIT 1").get(hash, hash) !== undefined
    );
  }

  /** The import file a submission came in (linked when it was applied). */
  fileOfSubmission(submissionId: string): ImportFileRow | null {
    const row = this.stmt('SELECT f.* FROM submissions s JOIN import_files f ON f.id = s.import_file_id WHERE s.id = ?').get(submissionId) as Row | undefined;
    return row ? toFile(row) : null;
  }

  /** Every file that came for a unit and period (refused ones too, where the file said whose it was), in the order received. */
  filesFor(unit: string, period: string): ImportFileRow[] {
    return (this.stmt('SELECT * FROM import_files WHERE unit_code = ? AND period = ? ORDER BY rowid').all(unit, period) as Row[]).map(toFile);
  }

  /**
   * For a period: each unit's latest file refused (one whose file said whose it was), when and as named. A unit with
   * no submission counted may well have sent one: the bureau is told so before it counts the unit 未报.
   */
  refusedFor(period: string): { unit: string; at: string; file: string }[] {
    return this.stmt(
      `SELECT unit_code AS unit, imported_at AS at, file_name AS file FROM (
         SELECT unit_code, imported_at, file_name, row_number() OVER (PARTITION BY unit_code ORDER BY imported_at DESC, rowid DESC) AS n
         FROM import_files WHERE period = ? AND status = 'rejected' AND unit_code IS NOT NULL) WHERE n = 1`,
    ).all(period) as { unit: string; at: string; file: string }[];
  }

  /**
   * For a period: the submissions whose file came without some of the evidence it lists (by submission id: the
   * caller takes the one held), and which.
   */
  /** The evidence files one submission's file listed without bringing them (none for one not imported). */
  evidenceMissingOf(submission: string): MissingEvidence[] {
    const r = this.stmt('SELECT f.evidence_missing_files AS files FROM submissions s JOIN import_files f ON f.id = s.import_file_id WHERE s.id = ? AND f.evidence_missing > 0').get(submission) as { files: string } | undefined;
    return r ? missingOf(r.files) : [];
  }

  evidenceMissingFor(period: string): Map<string, MissingEvidence[]> {
    const rows = this.stmt(
      'SELECT s.id AS id, f.evidence_missing_files AS files FROM submissions s JOIN import_files f ON f.id = s.import_file_id WHERE s.period = ? AND f.evidence_missing > 0',
    ).all(period) as { id: string; files: string }[];
    return new Map(rows.map((r) => [r.id, missingOf(r.files)]));
  }

  filesOf(runId: string): ImportFileRow[] {
    return (this.stmt('SELECT * FROM import_files WHERE run_id = ? ORDER BY rowid').all(runId) as Row[]).map(toFile);
  }
}

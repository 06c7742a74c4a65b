/**
 * Copying the WAL back into the database after a bulk import, in a thread of
 * its own: ~0.1 s per 40 MB of imported text that the main thread (which
 * answers the UI) need not spend. A PASSIVE checkpoint on a second connection
 * never blocks the first one's readers or writers; if the process ends
 * first, nothing is lost (the WAL still holds everything, and the next
 * checkpoint copies it).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const SCRIPT = `
const { workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 2000');
  db.pragma('wal_checkpoint(PASSIVE)');
} finally {
  db.close();
}
`;

let driver: string | null = null;
const running = new Set<Promise<void>>();

/** Starts a PASSIVE checkpoint of `file` in a worker thread; failures are ignored (the WAL keeps the data). */
export function checkpointInBackground(file: string): void {
  try {
    driver ??= createRequire(import.meta.url).resolve('better-sqlite3');
    // Plain JavaScript: not the parent's flags (run from the source tree, they load tsx and its module hooks).
    const worker = new Worker(SCRIPT, { eval: true, workerData: { driver, file }, execArgv: [] });
    // Does not keep a command-line run alive.
    worker.unref();
    const done = new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('error', () => resolve());
    });
    running.add(done);
    void done.then(() => running.delete(done));
  } catch {
    // No worker threads: the next automatic checkpoint copies the WAL.
  }
}

/** Resolves when every background checkpoint started so far has ended (tests, closing). */
export async function checkpointsDone(): Promise<void> {
  await Promise.all([...running]);
}

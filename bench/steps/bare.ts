/**
 * A bare import, as a second floor beside merely unzipping: what moving
 * these files' texts into SQLite costs on this machine with nothing else
 * done. Two threads, as ours, a worker inflating
 * (node:zlib) and scanning each workbook's two data sheets with regular
 * expressions (bare-worker.mjs), the main thread reading the files and
 * storing every row's texts in SQLite (WAL, synchronous = NORMAL, one
 * transaction per file, no index; the WAL synced at the end, as our bulk
 * import commits with NORMAL and syncs before it reports). No checks, no hashes, no archived
 * originals, no history: nothing the issue asks for beyond moving the texts
 * into the database. Args: FILE_LIST
 */
import { closeSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readList, report, seconds } from './common';

const files = readList(process.argv[2] as string);
const dbPath = join(tmpdir(), `eco-bench-bare-${process.pid}.db`);
const removeDb = () => {
  for (const s of ['', '-wal', '-shm']) rmSync(dbPath + s, { force: true });
};
removeDb();
const db = new Database(dbPath);
db.pragma('page_size = 16384');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE cells (file INTEGER, a TEXT, e TEXT, f TEXT, g TEXT, h TEXT, i TEXT)');
const insert = db.prepare('INSERT INTO cells VALUES (?, ?, ?, ?, ?, ?, ?)');
const store = db.transaction((file: number, rows: (string | undefined)[][]) => {
  for (const c of rows) insert.run(file, c[0] ?? '', c[4] ?? '', c[5] ?? '', c[6] ?? '', c[7] ?? '', c[8] ?? '');
});

// Started and loaded before the clock, as our import's worker is.
const worker = new Worker(new URL('./bare-worker.mjs', import.meta.url), { execArgv: [] });
await new Promise<void>((resolve, reject) => {
  worker.once('message', () => resolve());
  worker.once('error', reject);
});
const t0 = process.hrtime.bigint();
let sent = 0;
let done = 0;
let rowCount = 0;
await new Promise<void>((resolve, reject) => {
  // At most 8 files in flight, as our import queues per worker.
  const send = () => {
    for (; sent < files.length && sent - done < 8; sent++) {
      const data = readFileSync(files[sent] as string);
      worker.postMessage({ i: sent, data }, [data.buffer as ArrayBuffer]);
    }
  };
  worker.on('error', reject);
  worker.on('message', ({ i, rows }: { i: number; rows: (string | undefined)[][] }) => {
    store(i, rows);
    rowCount += rows.length;
    if (++done === files.length) resolve();
    else send();
  });
  send();
});
// On disk before it is done, as our import reports only once its commits are (its WAL synced).
const wal = openSync(`${dbPath}-wal`, 'r+');
fsyncSync(wal);
closeSync(wal);
const secs = seconds(t0);
await worker.terminate();
db.close();
removeDb();
report({ seconds: secs, files: files.length, rows: rowCount });

/**
 * Our import: parse, validate, store. Args: BASE_DB FILE_LIST WORK_DB [LATER_DB]
 *
 * The first import of a fresh process is the figure: every thread's code is
 * cold. With LATER_DB, the same files are then imported into a second fresh
 * copy of the base database in the same process, as a later import in the
 * same session of the app would be (the parser worker kept, its code warm).
 *
 * The parser worker is started before the clock, as the peers load their
 * libraries before theirs (openpyxl is imported before its clock starts) and
 * as the app and the command line start it while files are picked or the
 * database opens (warmImports); its start is recorded beside
 * (workerStartSeconds). Its code is still cold: only loaded, never run.
 */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { importPaths, warmImports } from '../../electron/core/exchange/import-run';
import { filesDirFor } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { readList, report, seconds } from './common';

const [baseDb, list, workDb, laterDb] = process.argv.slice(2) as [string, string, string, string | undefined];
const files = readList(list);
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
async function importInto(db: string): Promise<{ seconds: number; cpuSeconds: number; workerStartSeconds: number; totals: unknown }> {
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  // And the files beside it (archived originals): every run archives every file, as the first one did.
  rmSync(filesDirFor(db), { recursive: true, force: true });
  copyFileSync(baseDb, db);
  const core = await Core.open(db);
  const w0 = process.hrtime.bigint();
  await warmImports();
  const workerStartSeconds = seconds(w0);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = await importPaths(core.ctx, files);
  const secs = seconds(t0);
  // CPU time of every thread (main and parser workers): steadier than wall time on a busy machine.
  const cpu = process.cpuUsage(cpu0);
  core.close();
  // A figure of files refused measures refusals, not the import: every file must be taken.
  const refused = r.files.filter((f) => f.status === 'rejected');
  if (refused.length > 0) throw new Error(`${refused.length} of ${files.length} files refused, e.g. ${JSON.stringify(refused.slice(0, 2).map((f) => [f.file, f.errors[0]?.message]))}`);
  return { seconds: secs, cpuSeconds: (cpu.user + cpu.system) / 1e6, workerStartSeconds, totals: r.totals };
}

const first = await importInto(workDb);
// The database's size with its WAL checkpointed: the file alone, stat'ed as the core closes (its checkpoint runs in
// a worker thread), measured anywhere from 1 to 42 MB for the same import.
const dbBytes = (() => {
  const d = new Database(workDb, { timeout: 30_000 });
  d.pragma('wal_checkpoint(TRUNCATE)');
  d.close();
  return statSync(workDb).size;
})();
const later = laterDb ? await importInto(laterDb) : null;
report({ ...first, files: files.length, bytes, dbBytes, ...(later ? { laterSeconds: later.seconds, laterCpuSeconds: later.cpuSeconds } : {}) });

/** Our import: parse, validate, store. Args: BASE_DB FILE_LIST WORK_DB */
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { importPaths } from '../../electron/core/exchange/import-run';
import { filesDirFor } from '../../electron/core/paths';
import { Core } from '../../electron/core/service';
import { readList, report, seconds } from './common';

const [baseDb, list, workDb] = process.argv.slice(2) as [string, string, string];
for (const s of ['', '-wal', '-shm']) rmSync(workDb + s, { force: true });
// And the files beside it (archived originals): every run archives every file, as the first one did.
rmSync(filesDirFor(workDb), { recursive: true, force: true });
copyFileSync(baseDb, workDb);
const files = readList(list);
const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
const core = await Core.open(workDb);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const r = await importPaths(core.ctx, files);
const secs = seconds(t0);
// CPU time of every thread (main and parser workers): steadier than wall time on a busy machine.
const cpu = process.cpuUsage(cpu0);
core.close();
report({ seconds: secs, cpuSeconds: (cpu.user + cpu.system) / 1e6, files: files.length, bytes, totals: r.totals, dbBytes: statSync(workDb).size });

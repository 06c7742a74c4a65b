/**
 * The district summary the bureau really prints: the plan's own catalog (16
 * tasks, the district's 28 units), every responsible unit reporting on every
 * task of one period with the benchmark's long texts (three of 200–800
 * characters). Makes the bureau database by importing each unit's workbook.
 * Args: OUT.db PERIOD. Prints the number of entries and units.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importPaths } from '../../electron/core/exchange/import-run';
import { Core } from '../../electron/core/service';
import { unitWorkbook } from '../content';
import { rng } from '../text';
import { report } from './common';

const [out, period] = process.argv.slice(2) as [string, string];
for (const s of ['', '-wal', '-shm']) rmSync(out + s, { force: true });
rmSync(`${out}.files`, { recursive: true, force: true });
const core = await Core.open(out, { create: true });
// (Owed from the plan's quarter: on today's clock the default would be the one that ended last.)
await core.run('app.init', { role: 'bureau', periodKind: 'quarter', firstPeriod: period });
const catalog = core.ctx.catalog();
const r = rng(20211003);
const dir = mkdtempSync(join(tmpdir(), 'eco-plan-'));
const exportedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
let entries = 0;
const files = core.ctx.store.units.list().map((u) => {
  const mine = core.ctx.tasksOf(u.code);
  entries += mine.length;
  const f = join(dir, `${u.code}.xlsx`);
  writeFileSync(f, unitWorkbook(catalog, u, mine, period, exportedAt, r));
  return f;
});
const result = await importPaths(core.ctx, files);
core.close();
rmSync(dir, { recursive: true, force: true });
if (result.totals.imported !== files.length) throw new Error(`plan district: ${JSON.stringify(result.files.filter((f) => f.status !== 'imported').slice(0, 3))}`);
report({ units: files.length, entries, tasks: catalog.tasks.length });

/** Exporting one styled unit workbook: reading the reports, writing the workbook, recording the submission. Args: DB UNIT PERIOD */
import { buildUnitBundle } from '../../electron/core/exchange/export-unit';
import { Core } from '../../electron/core/service';
import { median, report, seconds } from './common';

const [db, unit, period] = process.argv.slice(2) as [string, string, string];
const core = await Core.open(db);
// Steady state, as in a session that exports several workbooks: the first
// calls compile the code paths (JIT) and are left out.
for (let i = 0; i < 10; i++) await buildUnitBundle(core.ctx, unit, period, 'unit');
const ms: number[] = [];
for (let i = 0; i < 50; i++) {
  const t0 = process.hrtime.bigint();
  await buildUnitBundle(core.ctx, unit, period, 'unit');
  ms.push(seconds(t0) * 1000);
}
core.close();
report({ msPerWorkbook: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) });

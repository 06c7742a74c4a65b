/** Writing one styled unit workbook. Args: DB UNIT PERIOD */
import { buildUnitBundle } from '../../electron/core/exchange/export-unit';
import { Core } from '../../electron/core/service';
import { median, report, seconds } from './common';

const [db, unit, period] = process.argv.slice(2) as [string, string, string];
const core = await Core.open(db);
await buildUnitBundle(core.ctx, unit, period, 'unit'); // warm-up
const ms: number[] = [];
for (let i = 0; i < 20; i++) {
  const t0 = process.hrtime.bigint();
  await buildUnitBundle(core.ctx, unit, period, 'unit');
  ms.push(seconds(t0) * 1000);
}
core.close();
report({ msPerWorkbook: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms) });

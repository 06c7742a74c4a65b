/** Aggregation queries on an imported database. Args: DB PERIOD */
import { Core } from '../../electron/core/service';
import { summary } from '../../electron/core/services/summary';
import { median, report, seconds } from './common';

const [db, periodId] = process.argv.slice(2) as [string, string];
const core = await Core.open(db);
const period = core.ctx.period(periodId);
const time = (n: number, fn: () => unknown): number[] =>
  Array.from({ length: n }, () => {
    const t0 = process.hrtime.bigint();
    fn();
    return seconds(t0) * 1000;
  });
// Steady state, as on the overview screen that is opened again and again: the
// first calls prepare statements and compile the code (JIT) and are left out.
time(30, () => summary(core.ctx, period, { texts: false }));
const district = time(60, () => summary(core.ctx, period, { texts: false }));
let rows = 0;
time(5, () => core.ctx.store.reports.latestPerUnitTask());
const latest = time(20, () => (rows = core.ctx.store.reports.latestPerUnitTask().length));
core.close();
report({ districtMs: median(district), districtMinMs: Math.min(...district), latestMs: median(latest), latestMinMs: Math.min(...latest), latestRows: rows });

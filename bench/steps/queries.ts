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
summary(core.ctx, period, { texts: false }); // warm the statement cache
const district = time(20, () => summary(core.ctx, period, { texts: false }));
let rows = 0;
const latest = time(20, () => (rows = core.ctx.store.reports.latestPerUnitTask().length));
core.close();
report({ districtMs: median(district), districtMinMs: Math.min(...district), latestMs: median(latest), latestMinMs: Math.min(...latest), latestRows: rows });

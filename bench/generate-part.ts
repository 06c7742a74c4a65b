/**
 * One share of the synthetic workbooks (bench/generate.ts runs two at once).
 * Args: SCALE PART PARTS DIR. Writes DIR/files/<unit>-<period>.xlsx for the
 * units whose index modulo PARTS is PART; prints "done N" as it goes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchScaleData, unitSeed } from './generate';
import { tasksOf, unitWorkbook } from './content';
import { periodIds, SCALES, type Scale } from './scales';
import { rng } from './text';

const [scaleName, partArg, partsArg, dir] = process.argv.slice(2) as [string, string, string, string];
const scale = SCALES[scaleName as Scale['name']];
const part = Number(partArg);
const parts = Number(partsArg);
if (!scale || !Number.isInteger(part) || !Number.isInteger(parts) || part < 0 || part >= parts || !dir) {
  process.stderr.write('用法：generate-part.ts district|city|province PART PARTS DIR\n');
  process.exit(2);
}
const { units, catalog } = benchScaleData(scale);
const periods = periodIds(scale.periods);
const exportedAt = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
let done = 0;
for (let i = part; i < units.length; i += parts) {
  const unit = units[i]!;
  const r = rng(unitSeed(i));
  const mine = tasksOf(catalog, unit);
  for (const p of periods) {
    writeFileSync(join(dir, 'files', `${unit.code}-${p}.xlsx`), unitWorkbook(catalog, unit, mine, p, exportedAt, r));
    done++;
  }
  if (done % 600 < periods.length) process.stdout.write(`done ${done}\n`);
}
process.stdout.write(`done ${done}\n`);

/**
 * Synthetic data for the benchmark, made with our own exporter: N units
 * responsible for 16–40 tasks each, narrative texts of 200–800 characters,
 * indicator values; one styled unit workbook per unit and period.
 *
 * Output (cached by scale): bench/.data/<scale>/files/*.xlsx, and
 * base.db, a bureau database holding the catalog and units but no reports,
 * which each import run copies.
 *
 * The contents are made in memory and written with the exporter's workbook
 * writer (`writeUnitWorkbook`), in child processes (bench/generate-part.ts),
 * one per core: going through a unit database for every report made the
 * province (30,000 workbooks) take over an hour. Every unit's contents come
 * from its own seeded generator, so the data does not depend on the split.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Task, Unit } from '../shared/catalog/types';
import { DEFAULT_CATALOG } from '../electron/core/context';
import { UNIT_FORMAT_VERSION } from '../electron/core/exchange/format';
import { Core } from '../electron/core/service';
import { NEW_PAGE_SIZE } from '../electron/core/store/db';
import { periodIds, SCALES, type Scale } from './scales';
import { rng } from './text';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const TASKS = 40;
// The base database is made by the app's own init: a change of its page size makes a new dataset (v5: owed from 2021-01).
const DATASET_VERSION = `v5-format${UNIT_FORMAT_VERSION}-page${NEW_PAGE_SIZE}`;
const SEED = 20211014;

/** Each unit's own generator seed. */
export const unitSeed = (i: number): number => (SEED ^ Math.imul(i + 1, 2654435761)) >>> 0 || 1;

/** The plan's 16 tasks, then 24 more of the same kind, each listed against a random set of units. */
export function benchCatalog(units: Unit[], r: () => number): Catalog {
  const base = DEFAULT_CATALOG.tasks;
  const tasks: Task[] = [];
  for (let no = 1; no <= TASKS; no++) {
    const t = base[(no - 1) % base.length]!;
    tasks.push({
      ...t,
      no,
      category: no <= 15 ? 1 : no <= 32 ? 2 : 3,
      title: no <= base.length ? t.title : `${t.title}（扩展任务${no}）`,
      units: [],
      allTowns: false,
      indicators: t.indicators.map((i, k) => ({ ...i, id: `${no}.${k + 1}` })),
    });
  }
  // Every unit gets 16–40 tasks; the first unit listed under a task leads.
  for (const u of units) {
    const count = 16 + Math.floor(r() * (TASKS - 16 + 1));
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(1 + Math.floor(r() * TASKS));
    for (const no of chosen) tasks[no - 1]!.units.push({ code: u.code, role: 'support' });
  }
  for (const t of tasks) if (t.units[0]) t.units[0].role = 'lead';
  return {
    ...DEFAULT_CATALOG,
    version: 'bench-40.1',
    categories: [
      { ...DEFAULT_CATALOG.categories[0]!, firstTask: 1, lastTask: 15 },
      { ...DEFAULT_CATALOG.categories[1]!, firstTask: 16, lastTask: 32 },
      { ...DEFAULT_CATALOG.categories[2]!, firstTask: 33, lastTask: 40 },
    ],
    tasks,
    units,
  };
}

function benchUnits(n: number): Unit[] {
  const kinds = ['生态环境', '自然资源', '城乡水务', '农业农村', '住房建设', '工业信息', '应急管理', '城市管理'];
  return Array.from({ length: n }, (_, i) => ({
    code: `U${String(i + 1).padStart(4, '0')}`,
    name: `合成${kinds[i % kinds.length]}单位${String(i + 1).padStart(4, '0')}`,
    kind: 'department' as const,
    sort: i + 1,
    active: true,
  }));
}

/** Prepares a bureau database with the bench catalog and units (no reports). */
async function prepareBase(path: string, catalog: Catalog): Promise<Core> {
  rmSync(path, { force: true });
  const core = await Core.open(path, { create: true });
  // The bench's months are 2021's from January: owed from the year's first (by default from July, the plan's).
  await core.run('app.init', { role: 'bureau', periodKind: 'month', firstPeriod: '2021-01' });
  core.ctx.store.tx(() => {
    for (const u of catalog.units) core.ctx.store.units.upsert(u, core.ctx.nowIso(), core.ctx.nowIso());
    for (const u of DEFAULT_CATALOG.units) core.ctx.store.units.upsert({ ...u, active: false }, core.ctx.nowIso(), core.ctx.nowIso());
    core.ctx.store.catalogs.adopt(catalog, core.ctx.nowIso());
  });
  core.ctx.invalidateCatalog();
  return core;
}

export interface Dataset {
  dir: string;
  files: string[];
  baseDb: string;
  bytes: number;
}

/** The scale's units and catalog: the same in every process. */
export function benchScaleData(scale: Scale): { units: Unit[]; catalog: Catalog } {
  const units = benchUnits(scale.units);
  return { units, catalog: benchCatalog(units, rng(SEED)) };
}

function runPart(scale: Scale, part: number, parts: number, dir: string, onDone: (n: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(BENCH_DIR, 'generate-part.ts'), scale.name, String(part), String(parts), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (s: string) => {
      buf += s;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const m = /^done (\d+)$/.exec(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (m) onDone(Number(m[1]));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`generate-part ${part}/${parts} exited with ${code}`))));
  });
}

export async function generateDataset(scale: Scale, log: (s: string) => void = () => {}): Promise<Dataset> {
  const dir = join(BENCH_DIR, '.data', scale.name);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Dataset & { version: string };
    if (m.version === DATASET_VERSION && m.files.every((f) => existsSync(f))) return m;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'files'), { recursive: true });
  const { units, catalog } = benchScaleData(scale);
  const baseDb = join(dir, 'base.db');
  (await prepareBase(baseDb, catalog)).close();

  const periods = periodIds(scale.periods);
  const total = units.length * periods.length;
  const parts = Math.max(1, Math.min(availableParallelism(), units.length));
  const doneBy = new Array<number>(parts).fill(0);
  let reported = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      runPart(scale, part, parts, dir, (n) => {
        doneBy[part] = n;
        const done = doneBy.reduce((a, b) => a + b, 0);
        if (done - reported >= 1000 || done === total) {
          reported = done;
          log(`  generated ${done}/${total} workbooks (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }
      }),
    ),
  );
  const files: string[] = [];
  let bytes = 0;
  for (const unit of units) {
    for (const p of periods) {
      const file = join(dir, 'files', `${unit.code}-${p}.xlsx`);
      files.push(file);
      bytes += statSync(file).size;
    }
  }
  const dataset: Dataset = { dir, files, baseDb, bytes };
  writeFileSync(manifestPath, JSON.stringify({ ...dataset, version: DATASET_VERSION }));
  return dataset;
}

export { SCALES };

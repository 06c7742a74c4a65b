/**
 * Synthetic data for the benchmark, made with our own exporter: N units
 * responsible for 16–40 tasks each, narrative texts of 200–800 characters,
 * indicator values; one styled unit workbook per unit and period.
 *
 * Output (cached by scale): bench/.data/<scale>/files/*.xlsx, and
 * base.db, a bureau database holding the catalog and units but no reports,
 * which each import run copies.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog, Task, Unit } from '../shared/catalog/types';
import { STATUSES, type IndicatorValue, type ReportFields } from '../shared/report';
import { DEFAULT_CATALOG } from '../electron/core/context';
import { buildUnitBundle } from '../electron/core/exchange/export-unit';
import { UNIT_FORMAT_VERSION } from '../electron/core/exchange/format';
import { Core } from '../electron/core/service';
import { writeReport } from '../electron/core/services/reports';
import { periodIds, SCALES, type Scale } from './scales';
import { narrative, rng } from './text';

export const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const TASKS = 40;
const DATASET_VERSION = `v1-format${UNIT_FORMAT_VERSION}`;

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

function fields(task: Task, lead: boolean, r: () => number): ReportFields {
  const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
  const indicators: Record<string, IndicatorValue> = {};
  if (lead) {
    for (const ind of task.indicators) {
      indicators[ind.id] = ind.comparator === 'yes' ? r() > 0.2 : Math.round(((ind.target ?? 80) * (0.9 + r() * 0.2)) * 10) / 10;
      if (ind.unit === '%' && typeof indicators[ind.id] === 'number') indicators[ind.id] = Math.min(100, indicators[ind.id] as number);
    }
  }
  return {
    status,
    percent: Math.floor(r() * 101),
    progress: narrative(r),
    problems: status === '进度滞后' || r() > 0.5 ? narrative(r, 200, 400) : '',
    next: narrative(r, 200, 500),
    indicators,
    filledBy: '张三',
    phone: '0531-84231234',
  };
}

/** Prepares a bureau database with the bench catalog and units (no reports). */
async function prepareBase(path: string, catalog: Catalog): Promise<Core> {
  rmSync(path, { force: true });
  const core = await Core.open(path, { create: true });
  await core.run('app.init', { role: 'bureau', periodKind: 'month' });
  core.ctx.store.tx(() => {
    for (const u of catalog.units) core.ctx.store.units.upsert(u);
    for (const u of DEFAULT_CATALOG.units) core.ctx.store.units.upsert({ ...u, active: false });
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

export async function generateDataset(scale: Scale, log: (s: string) => void = () => {}): Promise<Dataset> {
  const dir = join(BENCH_DIR, '.data', scale.name);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Dataset & { version: string };
    if (m.version === DATASET_VERSION && m.files.every((f) => existsSync(f))) return m;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'files'), { recursive: true });
  const r = rng(20211014);
  const units = benchUnits(scale.units);
  const catalog = benchCatalog(units, r);
  const baseDb = join(dir, 'base.db');
  (await prepareBase(baseDb, catalog)).close();

  // A source database that holds every report; the exporter reads from it.
  const srcPath = join(dir, 'source.db');
  copyFileSync(baseDb, srcPath);
  const src = await Core.open(srcPath);
  const files: string[] = [];
  let bytes = 0;
  const periods = periodIds(scale.periods);
  for (const [ui, unit] of units.entries()) {
    const mine = src.ctx.tasksOf(unit.code);
    src.ctx.store.tx(() => {
      for (const p of periods) {
        const period = src.ctx.period(p);
        for (const { task, role } of mine) writeReport(src.ctx, { unit, period, task, fields: fields(task, role === 'lead', r), source: 'entry' });
      }
    });
    for (const p of periods) {
      const built = await buildUnitBundle(src.ctx, unit.code, p, 'unit');
      const file = join(dir, 'files', `${unit.code}-${p}.xlsx`);
      writeFileSync(file, built.data);
      files.push(file);
      bytes += built.data.length;
    }
    if ((ui + 1) % 50 === 0) log(`  generated ${ui + 1}/${units.length} units (${files.length} workbooks)`);
  }
  src.close();
  rmSync(srcPath, { force: true });
  rmSync(`${srcPath}-wal`, { force: true });
  rmSync(`${srcPath}-shm`, { force: true });
  const dataset: Dataset = { dir, files, baseDb, bytes };
  writeFileSync(manifestPath, JSON.stringify({ ...dataset, version: DATASET_VERSION }));
  return dataset;
}

export { SCALES };

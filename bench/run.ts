/**
 * npm run bench [-- --scale district|city|province] [--runs N]
 *
 * Generates synthetic unit workbooks with our own exporter, then measures in
 * one run, side by side: our import; merely unzipping the same files (the
 * floor, with Node's native zlib as our import inflates; fflate beside it); a bare import with no checks (bare.ts: moving the texts into SQLite
 * and nothing else); the same consolidation by a plain openpyxl read_only script (the
 * issue's peer: each workbook's rows stored in SQLite, one transaction per
 * file) and openpyxl merely reading every cell; ExcelJS loading them; the aggregation queries; writing one workbook; the
 * district summary to PDF; at district scale, bundles with large evidence (a
 * folder of them and one zip of them: the import's peak RSS). Each step runs in its own process so its peak RSS
 * is its own. Writes bench/results.json and bench/RESULTS.md. Figures only:
 * nothing here is a test assertion.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, generateDataset } from './generate';
import { keepProvinceKeys, mergeProvinceKeys } from './merge';
import { periodIds, SCALES, type Scale } from './scales';
import { median } from './steps/common';
import { hostNodeOptions } from '../scripts/node-options';

type Figures = Record<string, number>;

/** A figure a step must have printed. */
function get(f: Figures | undefined, key: string): number {
  const v = f?.[key];
  if (typeof v !== 'number') throw new Error(`step result lacks ${key}`);
  return v;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const scaleName = (arg('scale') ?? 'district') as Scale['name'];
const scale = SCALES[scaleName];
if (!scale) {
  process.stderr.write(`--scale 应为 district、city 或 province\n`);
  process.exit(2);
}
const runs = Number(arg('runs') ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('--runs 应为正整数\n');
  process.exit(2);
}
const log = (s: string) => process.stderr.write(`${s}\n`);

/** Our steps run with the node options the app's hosts run with (`npm run cli`, `npm start`). */
const NODE_OPTIONS = hostNodeOptions(join(BENCH_DIR, '..'));

function step(script: string, args: string[]): Figures {
  const r = spawnSync(process.execPath, [...NODE_OPTIONS, '--import', 'tsx', join(BENCH_DIR, 'steps', script), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Figures;
}

function python(script: string, args: string[]): Figures {
  const r = spawnSync('/usr/bin/python3', [join(BENCH_DIR, script), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim()) as Figures;
}

interface Series {
  median: number;
  min: number;
  max: number;
  runs: number;
}
const series = (xs: number[]): Series => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs.length });
const mib = (kib: number): number => Math.round((kib / 1024) * 10) / 10;
const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

log(`基准测试：${scale.name}（${scale.units} 个单位 × ${scale.periods} 个周期），每项 ${runs} 次`);
const t0 = Date.now();
const loadBefore = loadavg()[0] ?? 0;
const data = await generateDataset(scale, log);
log(`数据：${data.files.length} 个工作簿，${(data.bytes / 1024 / 1024).toFixed(1)} MB（生成/缓存 ${((Date.now() - t0) / 1000).toFixed(0)} s）`);

const listFile = join(data.dir, 'files.txt');
writeFileSync(listFile, data.files.join('\n'));
// The peers read the district-sized subset at the larger scales: their time grows linearly and 30,000 files would take hours.
const peerFiles = data.files.slice(0, 300);
const peerList = join(data.dir, 'peer-files.txt');
writeFileSync(peerList, peerFiles.join('\n'));
const workDb = join(data.dir, 'work.db');

const imports: Figures[] = [];
const unzips: Figures[] = [];
const fflateUnzips: Figures[] = [];
const bares: Figures[] = [];
const peerImports: Figures[] = [];
const openpyxls: Figures[] = [];
const consolidations: Figures[] = [];
const exceljss: Figures[] = [];
for (let i = 0; i < runs; i++) {
  log(`第 ${i + 1}/${runs} 轮`);
  if (scale.name !== 'district') peerImports.push(step('import.ts', [data.baseDb, peerList, join(data.dir, 'peer.db')]));
  // At district scale the same files are imported a second time in the same process (a later import of the session).
  imports.push(step('import.ts', [data.baseDb, listFile, workDb, ...(scale.name === 'district' ? [join(data.dir, 'later.db')] : [])]));
  log(`  导入 ${get(imports[i], 'seconds').toFixed(2)} s${typeof imports[i]?.laterSeconds === 'number' ? `（同一会话再次导入 ${(imports[i]?.laterSeconds as number).toFixed(2)} s）` : ''}`);
  unzips.push(step('unzip-native.ts', [peerList]));
  fflateUnzips.push(step('unzip.ts', [peerList]));
  bares.push(step('bare.ts', [peerList]));
  consolidations.push(python('openpyxl_consolidate.py', [peerList, join(data.dir, 'openpyxl.db')]));
  openpyxls.push(python('openpyxl_read.py', [peerList]));
  log(`  openpyxl 汇总入库 ${get(consolidations[i], 'seconds').toFixed(2)} s，仅读取 ${get(openpyxls[i], 'seconds').toFixed(2)} s`);
  exceljss.push(step('exceljs.ts', [peerList]));
}
const lastPeriod = periodIds(scale.periods).at(-1) as string;
// A step that fails (a browser that does not start, a timeout on a busy machine) is reported, and its keys are left out.
const failures: Record<string, string> = {};
function steps(script: string, args: string[]): Figures[] {
  try {
    return Array.from({ length: runs }, () => step(script, args));
  } catch (err) {
    const lines = (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean);
    failures[script] = (lines.find((l) => /Error|Timeout|exceeded/.test(l)) ?? lines[0] ?? 'failed').slice(0, 300);
    log(`  ${script} 失败：${failures[script]}`);
    return [];
  }
}
const queries = steps('queries.ts', [workDb, lastPeriod]);
const writes = steps('write.ts', [workDb, 'U0001', lastPeriod]);
// The district summary the bureau prints: the plan's own 16 tasks and 28 units, every responsible unit
// reporting with long texts (plan-db.ts). The same form of this scale's synthetic district (40 tasks,
// 30 units: ~1,090 pages) is recorded beside it as a stress figure, at the district scale only: at city
// scale it would be ~13,000 pages and at province scale ~90,000, which no one prints.
const planDb = join(data.dir, 'plan.db');
const PLAN_PERIOD = '2021-Q3';
const planReady = scale.name === 'province' ? [] : steps('plan-db.ts', [planDb, PLAN_PERIOD]).slice(0, 1);
const prints = planReady.length > 0 ? steps('print.ts', [planDb, PLAN_PERIOD]) : [];
const stressPrints = scale.name === 'district' ? steps('print.ts', [workDb, lastPeriod]) : [];

// Bundles with large evidence (district scale): a folder of them, and one zip holding them all. Once: the figure is the peak RSS.
let bundles: { count: number; evidenceMb: number; folder: Figures; outer: Figures } | null = null;
if (scale.name === 'district') {
  try {
    log('大附件报送包：文件夹与总压缩包');
    const made = step('bundles.ts', [join(data.dir, 'bundles'), listFile]) as unknown as { folderList: string; outerList: string; bundles: number; evidenceMb: number };
    const folder = step('import.ts', [data.baseDb, made.folderList, join(data.dir, 'bundles.db')]);
    const outer = step('import.ts', [data.baseDb, made.outerList, join(data.dir, 'bundles.db')]);
    bundles = { count: made.bundles, evidenceMb: made.evidenceMb, folder, outer };
  } catch (err) {
    failures['bundles.ts'] = (err as Error).message.slice(0, 300);
    log(`  bundles.ts 失败：${failures['bundles.ts']}`);
  }
}

const ours = series(imports.map((f) => get(f, 'seconds')));
const oursOnPeerSet = scale.name === 'district' ? ours : series(peerImports.map((f) => get(f, 'seconds')));
// The floor: merely unzipping with Node's zlib (native, as our import inflates); fflate (pure JavaScript) beside it.
const unzip = series(unzips.map((f) => get(f, 'seconds')));
const fflateUnzip = series(fflateUnzips.map((f) => get(f, 'seconds')));
const bare = series(bares.map((f) => get(f, 'seconds')));
const openpyxl = series(openpyxls.map((f) => get(f, 'seconds')));
const consolidating = series(consolidations.map((f) => get(f, 'seconds')));
const exceljs = series(exceljss.map((f) => get(f, 'seconds')));
const importPeak = Math.max(...imports.map((f) => get(f, 'maxRssKiB')));
const bytes = get(imports[0], 'bytes');

// Other work on the machine makes wall times noisy: the 1-minute load average is recorded, and CPU time beside wall time.
const load = { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) };
const cpuTimes = imports.flatMap((f) => (typeof f.cpuSeconds === 'number' ? [f.cpuSeconds] : []));
const laterTimes = imports.flatMap((f) => (typeof f.laterSeconds === 'number' ? [f.laterSeconds] : []));
const laterCpuTimes = imports.flatMap((f) => (typeof f.laterCpuSeconds === 'number' ? [f.laterCpuSeconds] : []));
const later = laterTimes.length > 0 ? series(laterTimes) : null;
// The parser worker's start, before the clock (as openpyxl's import before its own).
const workerStarts = imports.flatMap((f) => (typeof f.workerStartSeconds === 'number' ? [f.workerStartSeconds] : []));
const workerStart = workerStarts.length > 0 ? series(workerStarts) : null;
const results: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, nodeOptions: NODE_OPTIONS.join(' '), platform: process.platform, loadAverage1m: load },
  date: new Date().toISOString(),
  scale: scale.name,
  runs,
  'import.files': data.files.length,
  'import.filesPerSecond': round(data.files.length / ours.median, 1),
  'import.mbPerSecond': round(bytes / 2 ** 20 / ours.median, 2),
  'import.seconds': ours,
  ...(cpuTimes.length > 0 ? { 'import.cpuSeconds': series(cpuTimes) } : {}),
  ...(workerStart ? { 'import.workerStartSeconds': workerStart } : {}),
  // The issue's peer: the same consolidation by a plain openpyxl read_only script.
  'import.vsOpenpyxlConsolidating': round(consolidating.median / oursOnPeerSet.median, 2),
  // openpyxl merely reading every cell, storing nothing: the stricter comparison.
  'import.vsOpenpyxl': round(openpyxl.median / oursOnPeerSet.median, 2),
  ...(later
    ? {
        'import.laterSeconds': later,
        'import.laterCpuSeconds': series(laterCpuTimes),
        'import.laterVsOpenpyxlConsolidating': round(consolidating.median / later.median, 2),
        'import.laterVsOpenpyxl': round(openpyxl.median / later.median, 2),
        'import.laterVsUnzipFloor': round(later.median / unzip.median, 2),
      }
    : {}),
  'import.vsUnzipFloor': round(oursOnPeerSet.median / unzip.median, 2),
  // The bare import (no checks, hashes, archive or history) against the same floor, and ours against it.
  'import.bareVsUnzipFloor': round(bare.median / unzip.median, 2),
  'import.vsBare': round(oursOnPeerSet.median / bare.median, 2),
  'import.vsExceljs': round(exceljs.median / oursOnPeerSet.median, 2),
  'import.peakRssMiB': mib(importPeak),
  'import.dbMiB': mib((get(imports[0], 'dbBytes')) / 1024),
  'peer.files': peerFiles.length,
  'peer.oursSeconds': oursOnPeerSet,
  'peer.unzipSeconds': unzip,
  'peer.unzipFflateSeconds': fflateUnzip,
  'import.vsFflateUnzip': round(oursOnPeerSet.median / fflateUnzip.median, 2),
  'peer.bareSeconds': bare,
  'peer.openpyxlConsolidatingSeconds': consolidating,
  'peer.openpyxlSeconds': openpyxl,
  'peer.exceljsSeconds': exceljs,
  'peer.openpyxlPeakRssMiB': mib(Math.max(...openpyxls.map((f) => get(f, 'maxRssKiB')))),
  'peer.openpyxlConsolidatingPeakRssMiB': mib(Math.max(...consolidations.map((f) => get(f, 'maxRssKiB')))),
  'peer.exceljsPeakRssMiB': mib(Math.max(...exceljss.map((f) => get(f, 'maxRssKiB')))),
  ...(queries.length > 0
    ? {
        'queries.districtMs': round(median(queries.map((q) => get(q, 'districtMs')))),
        // The latest status per unit and task over all periods of this scale's database;
        // at province scale it is the province-wide figure the target is about.
        'queries.latestMs': round(median(queries.map((q) => get(q, 'latestMs')))),
        ...(scale.name === 'province' ? { 'queries.provinceLatestMs': round(median(queries.map((q) => get(q, 'latestMs')))) } : {}),
        'queries.latestRows': get(queries[0], 'latestRows'),
        'queries.peakRssMiB': mib(Math.max(...queries.map((q) => get(q, 'maxRssKiB')))),
      }
    : {}),
  ...(writes.length > 0
    ? {
        'write.msPerWorkbook': round(median(writes.map((w) => get(w, 'msPerWorkbook')))),
        'write.peakRssMiB': mib(Math.max(...writes.map((w) => get(w, 'maxRssKiB')))),
      }
    : {}),
  ...(prints.length > 0
    ? {
        'print.districtSummaryPdfSeconds': round(median(prints.map((p) => get(p, 'totalSeconds')))),
        'print.districtSummaryPages': get(prints[0], 'pages'),
        'print.districtSummaryEntries': get(planReady[0], 'entries'),
        'print.pdfOnlySeconds': round(median(prints.map((p) => get(p, 'pdfSeconds')))),
        'print.browserStartSeconds': round(median(prints.map((p) => get(p, 'browserStartSeconds')))),
        'print.peakRssMiB': mib(Math.max(...prints.map((p) => get(p, 'maxRssKiB')))),
      }
    : {}),
  ...(stressPrints.length > 0
    ? {
        'print.syntheticSummaryPdfSeconds': round(median(stressPrints.map((p) => get(p, 'totalSeconds')))),
        'print.syntheticSummaryPages': get(stressPrints[0], 'pages'),
      }
    : {}),
  ...(bundles
    ? {
        'bundles.count': bundles.count,
        'bundles.evidenceMiBEach': bundles.evidenceMb,
        'bundles.totalMiB': mib(get(bundles.folder, 'bytes') / 1024),
        'bundles.folderSeconds': round(get(bundles.folder, 'seconds'), 2),
        'bundles.folderPeakRssMiB': mib(get(bundles.folder, 'maxRssKiB')),
        'bundles.zipSeconds': round(get(bundles.outer, 'seconds'), 2),
        'bundles.zipPeakRssMiB': mib(get(bundles.outer, 'maxRssKiB')),
      }
    : {}),
  ...(Object.keys(failures).length > 0 ? { failedSteps: failures } : {}),
};
if (scale.name === 'province') {
  results['province.seconds'] = ours.median;
  results['province.peakRssMiB'] = mib(importPeak);
}
// A district run keeps the last province run's headline keys in results.json (and judges them below).
if (scale.name === 'district') keepProvinceKeys(join(BENCH_DIR, 'results.json'), results);

interface Target {
  what: string;
  key: string;
  limit: number;
  better: 'higher' | 'lower';
  unit: string;
}
const TARGETS: Target[] = [
  { what: 'Import vs the same consolidation by openpyxl (×, higher is better): the first import of a fresh process', key: 'import.vsOpenpyxlConsolidating', limit: 3, better: 'higher', unit: '×' },
  { what: 'Import vs openpyxl merely reading every cell (stricter): the first import of a fresh process', key: 'import.vsOpenpyxl', limit: 3, better: 'higher', unit: '×' },
  { what: 'Import vs unzip floor (×, lower is better): the first import of a fresh process', key: 'import.vsUnzipFloor', limit: 2, better: 'lower', unit: '×' },
  { what: 'Import vs the same consolidation by openpyxl: a later import in the same session (parser worker kept)', key: 'import.laterVsOpenpyxlConsolidating', limit: 3, better: 'higher', unit: '×' },
  { what: 'Import vs openpyxl merely reading: a later import in the same session', key: 'import.laterVsOpenpyxl', limit: 3, better: 'higher', unit: '×' },
  { what: 'Import vs unzip floor: a later import in the same session', key: 'import.laterVsUnzipFloor', limit: 2, better: 'lower', unit: '×' },
  { what: 'District overview query', key: 'queries.districtMs', limit: 5, better: 'lower', unit: 'ms' },
  {
    what: scale.name === 'province' ? 'Province-wide latest status' : 'Province-wide latest status (from the province run, results-province.json)',
    key: 'queries.provinceLatestMs',
    limit: 20,
    better: 'lower',
    unit: 'ms',
  },
  { what: 'One styled unit workbook', key: 'write.msPerWorkbook', limit: 10, better: 'lower', unit: 'ms' },
  { what: "District summary to PDF (the plan's 16 tasks × every responsible unit, long texts)", key: 'print.districtSummaryPdfSeconds', limit: 3, better: 'lower', unit: 's' },
  ...(scale.name === 'province'
    ? [
        { what: 'Province-year import', key: 'province.seconds', limit: 60, better: 'lower' as const, unit: 's' },
        { what: 'Province-year import peak RSS', key: 'province.peakRssMiB', limit: 300, better: 'lower' as const, unit: 'MiB' },
      ]
    : []),
];
const verdicts = TARGETS.filter((t) => typeof results[t.key] === 'number').map((t) => {
  const v = results[t.key] as number;
  const met = t.better === 'higher' ? v >= t.limit : v <= t.limit;
  const by = t.better === 'higher' ? t.limit / v : v / t.limit;
  return { ...t, value: v, met, missedBy: met ? null : `${round(by, 2)}× the target` };
});
results.targets = verdicts.map(({ what, key, limit, value, met, missedBy }) => ({ what, key, limit, value, met, missedBy }));

const outJson = join(BENCH_DIR, scale.name === 'district' ? 'results.json' : `results-${scale.name}.json`);
writeFileSync(outJson, `${JSON.stringify(results, null, 2)}\n`);
// results.json carries the province's headline keys too (the district run keeps them).
if (scale.name === 'province') mergeProvinceKeys(join(BENCH_DIR, 'results.json'), results);

const s = (x: Series, d = 2) => `${x.median.toFixed(d)} (${x.min.toFixed(d)}–${x.max.toFixed(d)})`;
const md = [
  `# Benchmark results (${scale.name})`,
  '',
  `Date ${results.date as string}; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.version}` +
    `${NODE_OPTIONS.length ? `, our steps run with \`${NODE_OPTIONS.join(' ')}\` as the app's hosts are (package.json)` : ''}. ` +
    `${data.files.length} unit workbooks (${scale.units} units × ${scale.periods} periods, 16–40 task rows, texts of 200–800 characters), ${(bytes / 2 ** 20).toFixed(1)} MB. ` +
    `Medians of ${runs} runs, (min–max). Load average (1 min) ${load.before} before, ${load.after} after` +
    `${load.before > cpus().length || load.after > cpus().length ? ': the machine was busy with other work, wall times are inflated' : ''}.`,
  '',
  '| step | seconds | files/s | peak RSS MiB |',
  '| --- | --- | --- | --- |',
  `| our import (${data.files.length} files: parse, validate, store) | ${s(ours)} | ${round(data.files.length / ours.median, 1)} | ${mib(importPeak)} |`,
  ...(cpuTimes.length > 0 ? [`| our import, CPU time of all threads | ${s(series(cpuTimes))} | | |`] : []),
  ...(workerStart ? [`| the parser worker's start, before the clock (thread started, code loaded, none run), as openpyxl is imported before its clock; the app starts it as files are picked, the command line as the database opens | ${s(workerStart, 3)} | | |`] : []),
  ...(later
    ? [
        `| a later import in the same session (same files into a fresh copy; parser worker kept, code warm) | ${s(later)} | ${round(data.files.length / later.median, 1)} | |`,
        `| the later import, CPU time of all threads | ${s(series(laterCpuTimes))} | | |`,
      ]
    : []),
  ...(scale.name !== 'district' ? [`| our import (${peerFiles.length}-file subset) | ${s(oursOnPeerSet)} | ${round(peerFiles.length / oursOnPeerSet.median, 1)} | |`] : []),
  `| unzip only, Node's zlib (native; the floor, ${peerFiles.length} files) | ${s(unzip)} | ${round(peerFiles.length / unzip.median, 1)} | ${mib(Math.max(...unzips.map((f) => get(f, 'maxRssKiB'))))} |`,
  `| unzip only, fflate (pure JavaScript, the floor before session 39; ${peerFiles.length} files) | ${s(fflateUnzip)} | ${round(peerFiles.length / fflateUnzip.median, 1)} | ${mib(Math.max(...fflateUnzips.map((f) => get(f, 'maxRssKiB'))))} |`,
  `| bare import: a worker inflating and scanning with regular expressions, the main thread storing the texts in SQLite; no checks, hashes, archive or history (second floor, ${peerFiles.length} files) | ${s(bare)} | ${round(peerFiles.length / bare.median, 1)} | ${mib(Math.max(...bares.map((f) => get(f, 'maxRssKiB'))))} |`,
  `| openpyxl read_only, the same consolidation: rows found by header, stored in SQLite, one transaction per file (${peerFiles.length} files) | ${s(consolidating)} | ${round(peerFiles.length / consolidating.median, 1)} | ${results['peer.openpyxlConsolidatingPeakRssMiB'] as number} |`,
  `| openpyxl read_only, merely reading every cell (${peerFiles.length} files) | ${s(openpyxl)} | ${round(peerFiles.length / openpyxl.median, 1)} | ${results['peer.openpyxlPeakRssMiB'] as number} |`,
  `| ExcelJS load (${peerFiles.length} files) | ${s(exceljs)} | ${round(peerFiles.length / exceljs.median, 1)} | ${results['peer.exceljsPeakRssMiB'] as number} |`,
  '',
  `Ratios: openpyxl consolidating ÷ ours = **${results['import.vsOpenpyxlConsolidating'] as number}×** (merely reading: ${results['import.vsOpenpyxl'] as number}×); ours ÷ unzip = **${results['import.vsUnzipFloor'] as number}×** (÷ fflate's unzip: ${results['import.vsFflateUnzip'] as number}×); the bare import ÷ unzip = **${results['import.bareVsUnzipFloor'] as number}×**, ours ÷ the bare import = ${results['import.vsBare'] as number}×; ExcelJS ÷ ours = ${results['import.vsExceljs'] as number}×` +
    `${later ? `; a later import in the same session: openpyxl consolidating ÷ ours = **${results['import.laterVsOpenpyxlConsolidating'] as number}×** (merely reading: ${results['import.laterVsOpenpyxl'] as number}×), ours ÷ unzip = ${results['import.laterVsUnzipFloor'] as number}×` : ''}. Database after import: ${results['import.dbMiB'] as number} MiB.`,
  '',
  '| measure | value |',
  '| --- | --- |',
  ...(queries.length > 0
    ? [
        `| district overview query (summary of one period) | ${results['queries.districtMs'] as number} ms |`,
        `| latest status per unit and task, all periods (${results['queries.latestRows'] as number} rows) | ${results['queries.latestMs'] as number} ms |`,
      ]
    : []),
  ...(writes.length > 0 ? [`| one styled unit workbook | ${results['write.msPerWorkbook'] as number} ms |`] : []),
  ...(prints.length > 0
    ? [
        `| district summary to PDF: the plan's 16 tasks, all ${results['print.districtSummaryEntries'] as number} entries of its 28 units with long texts, ${results['print.districtSummaryPages'] as number} pages (browser start + layout + PDF) | ${results['print.districtSummaryPdfSeconds'] as number} s (browser start ${results['print.browserStartSeconds'] as number} s) |`,
      ]
    : []),
  ...(stressPrints.length > 0
    ? [`| stress: the same form for the synthetic district (40 tasks × 30 units), ${results['print.syntheticSummaryPages'] as number} pages | ${results['print.syntheticSummaryPdfSeconds'] as number} s |`]
    : []),
  ...(bundles
    ? [
        `| ${bundles.count} bundles with ${bundles.evidenceMb} MB of evidence each (${results['bundles.totalMiB'] as number} MiB), a folder of them: import, peak RSS | ${results['bundles.folderSeconds'] as number} s, ${results['bundles.folderPeakRssMiB'] as number} MiB |`,
        `| the same bundles in one zip (a zip of zips): import, peak RSS | ${results['bundles.zipSeconds'] as number} s, ${results['bundles.zipPeakRssMiB'] as number} MiB |`,
      ]
    : []),
  ...Object.entries(failures).map(([k, v]) => `| ${k} | did not complete: ${v.replace(/\|/g, '/')} |`),
  '',
  '## Targets',
  '',
  '| target | limit | measured | verdict |',
  '| --- | --- | --- | --- |',
  ...verdicts.map((v) => `| ${v.what} | ${v.better === 'higher' ? '≥' : '≤'} ${v.limit} ${v.unit} | ${v.value} ${v.unit} | ${v.met ? 'met' : `missed: ${v.missedBy}`} |`),
  '',
  `The bare import, which only moves the texts into SQLite and checks nothing (no caps, hashes, archived originals, history or indexes), takes ${results['import.bareVsUnzipFloor'] as number}× the unzip floor in the same runs` +
    `${(results['import.bareVsUnzipFloor'] as number) > 2 ? ': on this machine it misses the ≤ 2× target by itself.' : '.'}`,
  '',
].join('\n');
writeFileSync(join(BENCH_DIR, scale.name === 'district' ? 'RESULTS.md' : `RESULTS-${scale.name}.md`), md);
log(md);

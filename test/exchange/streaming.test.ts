/**
 * The bulk import applies a file as soon as it is checked when the run knows,
 * from every file's machine sheet read up front (prescan), that no other file
 * claims its unit and period; otherwise it checks everything first. Both ways
 * must give the same outcome, in the order the files were given.
 */
import ExcelJS from 'exceljs';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prescan, readEnvData, refuseAfterEarly, type AppliedEarly, type Checked } from '../../electron/core/exchange/import-run';
import { ParsePool } from '../../electron/core/exchange/parse-pool';
import { DEFAULT_LIMITS } from '../../electron/core/exchange/limits';
import { ReadEnv } from '../../electron/core/exchange/read-unit';
import { writeUnitWorkbook } from '../../electron/core/exchange/write-unit';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, reportsOf, TOWN } from './helpers';

const OTHER = '回河街道';

let dir: string;
let town: { core: Core; path: string };
let other: { core: Core; path: string };
/** Our own workbooks: TOWN Q1, Q2 (twice, different content), Q3; OTHER Q3. */
const f: Record<string, string> = {};

async function fill(core: Core, unit: string, period: string, progress: string): Promise<void> {
  const tasks = (await core.run('reports.forUnit', { unit, period })).tasks;
  for (const t of tasks) await core.run('reports.save', { unit, period, task: t.task, report: { status: '正常推进', percent: 40, progress: `${progress}（任务 ${t.task}）` } });
}

beforeAll(async () => {
  dir = tempDir('eco-stream-');
  // Owed from the year's first quarter: three quarters' files.
  town = await newUnit(dir, TOWN, undefined, '2021-Q1');
  other = await newUnit(dir, OTHER, undefined, '2021-Q1');
  for (const q of ['2021-Q1', '2021-Q2', '2021-Q3']) {
    await fill(town.core, TOWN, q, `${q} 推进中`);
    f[q] = await exportTo(town.core, dir, TOWN, q, `town-${q}.xlsx`);
  }
  await fill(town.core, TOWN, '2021-Q2', '二季度改过的内容');
  f['2021-Q2b'] = await exportTo(town.core, dir, TOWN, '2021-Q2', 'town-2021-Q2-again.xlsx');
  await fill(other.core, OTHER, '2021-Q3', '另一单位');
  f.other = await exportTo(other.core, dir, OTHER, '2021-Q3', 'other-2021-Q3.xlsx');
  f.junk = join(dir, 'notes.xlsx');
  writeFileSync(f.junk, '这不是工作簿');
  // The same workbook saved again by another program (ExcelJS here): its key can only be read in full.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(f.other) as unknown as ArrayBuffer);
  f.resaved = join(dir, 'other-resaved.xlsx');
  writeFileSync(f.resaved, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
}, 120_000);

afterAll(() => {
  town.core.close();
  other.core.close();
});

describe('prescan', () => {
  it('reads the unit and period of our own workbook from its machine sheet; other files are unknown or refused', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      const env = new ReadEnv(readEnvData(bureau.core.ctx));
      const unitCode = bureau.core.ctx.store.units.list(true).find((u) => u.name === TOWN)!.code;
      expect(prescan(env, readFileSync(f['2021-Q1']!), DEFAULT_LIMITS)).toMatchObject({ kind: 'key', key: `${unitCode}/2021-Q1`, unit: unitCode, period: '2021-Q1', revision: 1 });
      expect(prescan(env, readFileSync(f.resaved!), DEFAULT_LIMITS)).toEqual({ kind: 'unknown' });
      expect(prescan(env, readFileSync(f.junk!), DEFAULT_LIMITS)).toEqual({ kind: 'refused' });
      // A machine sheet too big for a first look on the main thread is left to the workers.
      const big = writeUnitWorkbook({
        kind: 'unit',
        uuid: '00000000-0000-4000-8000-000000000000',
        revision: 1,
        exportedAt: '2021-10-03T02:00:00.000Z',
        appVersion: 'test',
        catalogVersion: 'v',
        planTitle: '计划',
        unitName: '区'.repeat(20_000),
        periodLabel: '2021年第三季度',
        tasks: [],
        content: { unit: unitCode, period: '2021-Q3', filledBy: '', phone: '', tasks: [], indicators: {}, evidence: [] },
        contentHash: 'x',
        targetText: () => '',
      });
      expect(prescan(env, big, DEFAULT_LIMITS)).toEqual({ kind: 'unknown' });
    } finally {
      bureau.core.close();
    }
  });
});

describe('applying files as they are checked', () => {
  const order = () => [f['2021-Q1']!, f['2021-Q2']!, f['2021-Q3']!, f.other!, f.junk!, f['2021-Q2b']!];
  const expected = ['imported', 'rejected', 'imported', 'imported', 'rejected', 'rejected'];

  it('files whose unit and period are their own go in at once; the two Q2 files are both refused; the order is kept', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      const batches = vi.spyOn(bureau.core.ctx.store.imports, 'beginBatch');
      const r = await importFiles(bureau.core, order());
      expect(r.files.map((x) => x.file)).toEqual(order());
      expect(r.files.map((x) => x.status)).toEqual(expected);
      expect(r.files[1]!.errors[0]!.message).toContain('town-2021-Q2-again.xlsx');
      expect(r.files[5]!.errors[0]!.message).toContain('town-2021-Q2.xlsx');
      expect(r.totals).toMatchObject({ imported: 3, rejected: 3, files: 6 });
      // The early files had a commit of their own before the rest.
      expect(batches.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(await reportsOf(bureau.core, TOWN, '2021-Q1')).toEqual(await reportsOf(town.core, TOWN, '2021-Q1'));
      expect(await reportsOf(bureau.core, OTHER, '2021-Q3')).toEqual(await reportsOf(other.core, OTHER, '2021-Q3'));
      expect((await reportsOf(bureau.core, TOWN, '2021-Q2')).every((t) => 'none' in t)).toBe(true);
      const db = new Database(bureau.path, { readonly: true });
      try {
        expect(db.prepare('SELECT file_count, finished_at IS NOT NULL AS done FROM import_runs WHERE id = ?').get(r.runId)).toEqual({ file_count: 6, done: 1 });
        expect(db.prepare('SELECT count(*) AS n FROM import_files WHERE run_id = ?').get(r.runId)).toEqual({ n: 6 });
      } finally {
        db.close();
      }
    } finally {
      bureau.core.close();
    }
  });

  it('a run of files that all go in at once still records its end', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      const r = await importFiles(bureau.core, [f['2021-Q1']!, f['2021-Q3']!, f.other!]);
      expect(r.files.map((x) => x.status)).toEqual(['imported', 'imported', 'imported']);
      const db = new Database(bureau.path, { readonly: true });
      try {
        expect(db.prepare('SELECT file_count, finished_at IS NOT NULL AS done FROM import_runs WHERE id = ?').get(r.runId)).toEqual({ file_count: 3, done: 1 });
      } finally {
        db.close();
      }
      // Again: everything unchanged, in order.
      const again = await importFiles(bureau.core, [f['2021-Q1']!, f['2021-Q3']!, f.other!]);
      expect(again.files.map((x) => x.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    } finally {
      bureau.core.close();
    }
  });

  it('one file whose key cannot be read up front: everything is checked first, with the same outcome', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      // The re-saved copy has OTHER's Q3 content, unchanged: the same content as other-2021-Q3.xlsx.
      const files = [...order(), f.resaved!];
      const r = await importFiles(bureau.core, files);
      expect(r.files.map((x) => x.file)).toEqual(files);
      expect(r.files.map((x) => x.status)).toEqual([...expected, 'unchanged']);
      expect(r.files[6]!.warnings.join('')).toContain('文件在导出后被修改');
    } finally {
      bureau.core.close();
    }
  });

  it('a period closed while the run goes on takes no more files for it', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      // The bureau closes 2021-Q3 just as the first batch is written (the workers checked against the open period).
      const begin = bureau.core.ctx.store.imports.beginBatch.bind(bureau.core.ctx.store.imports);
      let closed = false;
      vi.spyOn(bureau.core.ctx.store.imports, 'beginBatch').mockImplementation(() => {
        if (!closed) {
          closed = true;
          bureau.core.ctx.store.periods.set({ period: '2021-Q3', deadline: '2021-10-05', closed: true });
        }
        begin();
      });
      const r = await importFiles(bureau.core, [f['2021-Q1']!, f['2021-Q3']!, f.other!]);
      expect(r.files.map((x) => x.status)).toEqual(['imported', 'rejected', 'rejected']);
      expect(r.files[1]!.errors[0]!.message).toContain('在导入期间被关闭，此文件未导入；如仍要接收，请在“设置”中取消关闭后重新导入');
      expect((await reportsOf(bureau.core, OTHER, '2021-Q3')).every((t) => 'none' in t)).toBe(true);
    } finally {
      bureau.core.close();
    }
  });

  it('a dry run reports the same and writes nothing', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      const r = await importFiles(bureau.core, order(), { dryRun: true });
      expect(r.files.map((x) => x.status)).toEqual(expected);
      expect(r.runId).toBeNull();
      expect((await reportsOf(bureau.core, TOWN, '2021-Q1')).every((t) => 'none' in t)).toBe(true);
    } finally {
      bureau.core.close();
    }
  });
});

describe('files checked at a time', () => {
  /**
   * The most files being checked at once during an import of `files`. Each file
   * handed to the parser pool is held until none has come for 150 ms: the
   * import gets no answer meanwhile, so it hands out as many as it allows.
   */
  async function mostAtOnce(files: string[]): Promise<number> {
    const bureau = await newBureau(tempDir('eco-stream-flight-'), 'quarter', '2021-Q1');
    const parse = ParsePool.prototype.parse;
    let now = 0;
    let most = 0;
    let held: (() => void)[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const release = (): void => {
      const go = held;
      held = [];
      for (const f of go) f();
    };
    const spy = vi.spyOn(ParsePool.prototype, 'parse').mockImplementation(async function (this: ParsePool, ...args: Parameters<ParsePool['parse']>) {
      most = Math.max(most, ++now);
      await new Promise<void>((go) => {
        held.push(go);
        clearTimeout(quiet);
        quiet = setTimeout(release, 150);
      });
      try {
        return await parse.apply(this, args);
      } finally {
        now--;
      }
    });
    try {
      const r = await importFiles(bureau.core, files);
      expect(r.files).toHaveLength(files.length);
      return most;
    } finally {
      spy.mockRestore();
      bureau.core.close();
    }
  }
  const workers = DEFAULT_LIMITS.workers;

  it('small workbooks: up to 24 per worker, so a worker has work queued while a batch is applied', async () => {
    const files = Array.from({ length: 24 * workers + 4 }, (_, i) => {
      const copy = join(dir, `small-${i}.xlsx`);
      writeFileSync(copy, readFileSync(f['2021-Q1']!));
      return copy;
    });
    expect(await mostAtOnce(files)).toBe(24 * workers);
  }, 120_000);

  it('large ones (3 MB each, a picture kept inside): 6 per worker, not 16 MB more', async () => {
    const parts = unzipSync(new Uint8Array(readFileSync(f['2021-Q1']!)));
    const files = Array.from({ length: 6 * workers + 6 }, (_, i) => {
      const copy = join(dir, `large-${i}.xlsx`);
      writeFileSync(copy, zipSync({ ...parts, 'xl/media/image1.png': [new Uint8Array(randomBytes(3 * 1024 * 1024)), { level: 0 }] }));
      return copy;
    });
    expect(await mostAtOnce(files)).toBe(6 * workers);
  }, 120_000);
});

describe('two imports at once on one database', () => {
  it('both complete, each file once; the bulk settings come back only when the last one ends', async () => {
    const bureau = await newBureau(tempDir('eco-stream-b-'), 'quarter', '2021-Q1');
    try {
      const db = bureau.core.ctx.store.db;
      const [a, b] = await Promise.all([importFiles(bureau.core, [f['2021-Q1']!, f['2021-Q3']!]), importFiles(bureau.core, [f.other!, f['2021-Q2']!])]);
      expect(a.files.map((x) => x.status)).toEqual(['imported', 'imported']);
      expect(b.files.map((x) => x.status)).toEqual(['imported', 'imported']);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(256);
      expect(await reportsOf(bureau.core, OTHER, '2021-Q3')).toEqual(await reportsOf(other.core, OTHER, '2021-Q3'));
      // A third run after them sets up and ends on its own.
      const c = await importFiles(bureau.core, [f['2021-Q1']!, f['2021-Q3']!]);
      expect(c.files.map((x) => x.status)).toEqual(['unchanged', 'unchanged']);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(256);
    } finally {
      bureau.core.close();
    }
  });
});

describe('a file whose full read finds the unit and period of a file applied early', () => {
  // Unreachable with real files today (the first look and the full read use
  // the same reader on the same machine sheet); the guard is checked directly.
  const ok = (file: string, unit: string, period: string, hash: string): Checked =>
    ({
      file,
      sha256: `sha-${file}`,
      size: 1,
      ok: true,
      meta: { kind: 'unit', uuid: file, unit: { code: unit, name: `单位${unit}` }, period: { id: period, label: `${period}季度` }, revision: 2, catalogVersion: 'v', claimedHash: hash, exportedAt: '' },
      hash,
      staged: 0,
      evidence: new Map(),
    }) as unknown as Checked;
  const applied = new Map<string, AppliedEarly>([['Z1/2021-Q3', { file: 'first.xlsx', revision: 2, hash: 'h1' }]]);

  it('is refused, naming the file applied, when its content differs', () => {
    const r = refuseAfterEarly(ok('late.xlsx', 'Z1', '2021-Q3', 'h2'), applied);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.message).toMatch(/first\.xlsx.*已先行导入.*内容不同/);
    expect([r.unit, r.period, r.revision]).toEqual(['Z1', '2021-Q3', 2]);
  });

  it('goes on when its content is the same (it is then found unchanged), or when its unit and period are its own', () => {
    expect(refuseAfterEarly(ok('same.xlsx', 'Z1', '2021-Q3', 'h1'), applied).ok).toBe(true);
    expect(refuseAfterEarly(ok('other.xlsx', 'Z2', '2021-Q3', 'h2'), applied).ok).toBe(true);
  });
});

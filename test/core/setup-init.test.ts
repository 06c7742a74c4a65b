/**
 * First run from the bureau's set-up workbook: a preview that writes nothing,
 * and a unit database set up from the file in one transaction.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { Core } from '../../electron/core/service';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

async function emptyDb(dir: string, name = 'unit.db'): Promise<{ core: Core; path: string }> {
  const path = join(dir, name);
  const core = await Core.open(path, { create: true, now: () => FIXED_NOW });
  open.push(core);
  return { core, path };
}

/** A bureau on 月报 with a revised catalog version and one extra unit; its set-up workbook as an API file. */
async function bureauWorkbook(dir: string): Promise<{ name: string; dataBase64: string }> {
  const bureau = await newBureau(dir, 'month');
  open.push(bureau.core);
  await bureau.core.run('units.save', { name: '高新区管委会', kind: 'department' });
  await bureau.core.run('periods.setDeadline', { period: '2021-09', deadline: '2021-10-09' });
  const payload = setupPayload(bureau.core.ctx);
  payload.catalog = { ...payload.catalog, version: 'jiyang-2024.1' };
  const data = await writeSetupWorkbook(payload, FIXED_NOW.toISOString());
  writeFileSync(join(dir, 'setup.xlsx'), data);
  return { name: '设置文件-jiyang-2024.1.xlsx', dataBase64: data.toString('base64') };
}

describe('first run from a set-up workbook', () => {
  it('the preview lists the plan, version, period kind and units, and writes nothing', async () => {
    const dir = tempDir('eco-setup-init-');
    const file = await bureauWorkbook(dir);
    const { core, path } = await emptyDb(dir);
    const before = dumpDb(path);
    const p = await core.run('exchange.setupPreview', { file });
    expect(p).toMatchObject({ fileName: file.name, catalogVersion: 'jiyang-2024.1', periodKind: 'month', tasks: 16, forUnit: null });
    expect(p.planTitle).toContain('济阳区');
    expect(p.units.map((u) => u.name)).toContain('高新区管委会');
    expect(p.units).toHaveLength(29);
    expect(dumpDb(path)).toEqual(before);
    expect((await core.run('app.info', {})).initialized).toBe(false);
  });

  it('sets a unit database up from the file: role, own unit, catalog version, units, period kind and deadlines', async () => {
    const dir = tempDir('eco-setup-init2-');
    const file = await bureauWorkbook(dir);
    const { core } = await emptyDb(dir);
    const r = await core.run('exchange.setupImport', { file, unit: '高新区管委会' });
    expect(r).toMatchObject({ catalogVersion: 'jiyang-2024.1', previousCatalogVersion: null, units: 29, periodKind: 'month' });
    const info = await core.run('app.info', {});
    expect(info).toMatchObject({ initialized: true, role: 'unit', periodKind: 'month', catalogVersion: 'jiyang-2024.1', currentPeriod: '2021-10' });
    expect(info.unit?.name).toBe('高新区管委会');
    expect((await core.run('units.list', {})).map((u) => u.name)).toContain('高新区管委会');
    expect((await core.run('periods.get', { period: '2021-09' })).deadline).toBe('2021-10-09');
    // The database is now that unit's: another unit is refused, and so is a second first run.
    const other = await core.call('reports.save', { unit: '新市镇', period: '2021-09', task: 4, report: { status: '正常推进', progress: '开展巡查' } });
    expect(other.ok).toBe(false);
    if (!other.ok) expect(other.error.code).toBe('not_own_unit');
    const again = await core.call('exchange.setupImport', { file, unit: '新市镇' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('already_initialized');
  });

  it('command line: a unit the default list does not know starts from the set-up file (setup-import --unit); init points there; a refused start leaves no file', async () => {
    const dir = tempDir('eco-setup-cli-');
    await bureauWorkbook(dir);
    const db = join(dir, 'new', 'gxq.db');
    const refused = await cli(['init', '--db', db, '--unit', '高新区管委会']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`区局新增的单位请从区局下发的设置文件开始：setup-import --db ${db} --unit 单位名称 设置文件.xlsx`);
    const unknown = await cli(['setup-import', '--db', db, '--unit', '火星街道', join(dir, 'setup.xlsx')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('设置文件的单位名单中没有“火星街道”');
    expect(existsSync(db)).toBe(false);
    const ok = await cli(['setup-import', '--db', db, '--unit', '高新区管委会', join(dir, 'setup.xlsx'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json()).toMatchObject({ catalogVersion: 'jiyang-2024.1', previousCatalogVersion: null, periodKind: 'month' });
    const core = await Core.open(db);
    open.push(core);
    expect(await core.run('app.info', {})).toMatchObject({ initialized: true, role: 'unit', unit: { name: '高新区管委会' } });
  });

  it('refuses a unit that is not in the file, leaving the database as it was', async () => {
    const dir = tempDir('eco-setup-init3-');
    const file = await bureauWorkbook(dir);
    const { core, path } = await emptyDb(dir);
    const before = dumpDb(path);
    const r = await core.call('exchange.setupImport', { file, unit: '不存在的单位' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('unknown_unit');
      expect(r.error.message).toContain('设置文件的单位名单中没有“不存在的单位”');
    }
    const none = await core.call('exchange.setupImport', { file });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.code).toBe('not_initialized');
    expect(dumpDb(path)).toEqual(before);
  });

  it('a damaged file is refused in Chinese and the database stays uninitialized', async () => {
    const dir = tempDir('eco-setup-init4-');
    const file = await bureauWorkbook(dir);
    const { core, path } = await emptyDb(dir);
    const before = dumpDb(path);
    const bytes = Buffer.from(file.dataBase64, 'base64');
    const damaged = { name: 'damaged.xlsx', dataBase64: bytes.subarray(0, Math.floor(bytes.length / 2)).toString('base64') };
    const tries = [core.call('exchange.setupPreview', { file: damaged }), core.call('exchange.setupImport', { file: damaged, unit: '新市镇' })];
    for (const r of await Promise.all(tries)) {
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_setup');
        expect(r.error.message).toContain('damaged.xlsx');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(dumpDb(path)).toEqual(before);
    expect((await core.run('app.info', {})).initialized).toBe(false);
  });

  it('a failure half-way through the writes rolls everything back', async () => {
    const dir = tempDir('eco-setup-init5-');
    const file = await bureauWorkbook(dir);
    const { core, path } = await emptyDb(dir);
    const before = dumpDb(path);
    // Units, catalog and periods are written before the targets; the failure comes after them.
    const spy = vi.spyOn(core.ctx.store.meta, 'set').mockImplementation((key: string) => {
      if (key === 'role') throw new Error('磁盘故障（测试）');
    });
    try {
      const r = await core.call('exchange.setupImport', { file, unit: '新市镇' });
      expect(r.ok).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(dumpDb(path)).toEqual(before);
    const info = await core.run('app.info', {});
    expect(info.initialized).toBe(false);
    expect(info.catalogVersion).toBeNull();
  });

  it('other exchange calls still need an initialized database', async () => {
    const { core } = await emptyDb(tempDir('eco-setup-init6-'));
    const r = await core.call('exchange.setupExport', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not_initialized');
  });
});

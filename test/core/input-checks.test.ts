/**
 * Values the API takes from every host, refused with the reason rather than changed, dropped or half-done
 * (session 24's review of input handling, .tmp/review-s24-inputs.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeUnitBundle } from '../../electron/core/exchange/export-unit';
import type { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { newUnit } from '../exchange/helpers';
import { checkIndicatorValue } from '../../shared/report';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const PERIOD = '2021-Q3';
const ORG = { unit: '区委组织部', period: PERIOD, task: 3 } as const;

async function bureau(): Promise<{ core: Core; path: string; dir: string }> {
  // Owed from the year's first quarter (2021-Q2 is 上期).
  const b = await newBureau(tempDir('eco-inputs-'), 'quarter', '2021-Q1');
  open.push(b.core);
  return b;
}

const refusal = async (core: Core, name: Parameters<Core['call']>[0], input: unknown): Promise<[string, string]> => {
  const r = await core.call(name, input);
  return r.ok ? ['ok', ''] : [r.error.code, r.error.message];
};

describe('input checks', () => {
  it('texts: a control character or a broken character is refused, where it is; 8,000 characters are counted as people see them', async () => {
    const { core, path } = await bureau();
    const before = dumpDb(path);
    const save = (progress: string) => refusal(core, 'reports.save', { ...ORG, report: { status: '正常推进', progress } });
    expect(await save('巡查\u0007完成')).toEqual(['invalid_input', expect.stringContaining('工作进展第 3 个字符是不可见的控制字符（U+0007），请删除后再保存')]);
    expect(await save('a\uD800b')).toEqual(['invalid_input', expect.stringContaining('工作进展第 2 个字符是无法显示的残缺字符（U+D800）')]);
    expect(dumpDb(path)).toEqual(before);
    // Tabs and line breaks are text; a character outside the BMP is one character, as the import counts it.
    expect((await save('第一行\n\t第二行'))[0]).toBe('ok');
    expect((await save(`${'字'.repeat(7998)}𠀀𠀁`))[0]).toBe('ok');
    expect((await save(`${'字'.repeat(7999)}𠀀𠀁`))[1]).toContain('工作进展不能超过 8000 字');
    // Word's manual line break is a line break (a text an earlier version saved with one is saved again); DEL is nothing.
    expect((await save('第一行\u000B第二行\u007F'))[0]).toBe('ok');
    expect((await core.run('reports.forUnit', { unit: ORG.unit, period: PERIOD })).tasks.find((t) => t.task === 3)!.report!.progress).toBe('第一行\n第二行');
    // Word's Symbol-font bullet (a private-use character, blank on paper) is the bullet it shows.
    expect((await save('\uF0B7\t建立机制\n\uF0D8\t完善台账'))[0]).toBe('ok');
    expect((await core.run('reports.forUnit', { unit: ORG.unit, period: PERIOD })).tasks.find((t) => t.task === 3)!.report!.progress).toBe('•\t建立机制\n➢\t完善台账');
    // A CRLF (a file read on the command line) is one line break, kept and counted as the form and the workbook keep it.
    expect((await save(`${'河'.repeat(799)}\r\n`.repeat(10)))[0]).toBe('ok');
    expect((await core.run('reports.forUnit', { unit: ORG.unit, period: PERIOD })).tasks.find((t) => t.task === 3)!.report!.progress).toBe(`${'河'.repeat(799)}\n`.repeat(10));
    // A lone CR (an old Mac text) too: the workbook would carry it as a line break, and an untouched file read as edited.
    expect((await save('第一行\r第二行\r\r第四行'))[0]).toBe('ok');
    expect((await core.run('reports.forUnit', { unit: ORG.unit, period: PERIOD })).tasks.find((t) => t.task === 3)!.report!.progress).toBe('第一行\n第二行\n\n第四行');
    // An indicator key that is no id (one that would vanish from the object) is refused, not dropped.
    const proto = await refusal(core, 'reports.save', { ...ORG, report: JSON.parse('{"status":"正常推进","indicators":{"__proto__":5}}') as unknown });
    expect(proto).toEqual(['invalid_input', expect.stringContaining('“__proto__”不是指标编号（指标编号如 10.1）')]);
  });

  it('evidence: bytes that are not base64, and an empty file, are refused; the same file twice is attached once, with one history entry', async () => {
    const { core } = await bureau();
    await core.run('reports.save', { ...ORG, report: { status: '正常推进', progress: '已开展' } });
    const add = (dataBase64: string) => refusal(core, 'evidence.add', { ...ORG, name: '照片.jpg', dataBase64 });
    expect(await add('%%%')).toEqual(['invalid_input', expect.stringContaining('文件内容没有完整传到')]);
    expect(await add('')).toEqual(['invalid_input', expect.stringContaining('“照片.jpg”是空文件（0 字节），可能复制时出错')]);
    const photo = Buffer.from('a photo').toString('base64');
    expect((await add(photo))[0]).toBe('ok');
    const versions = (await core.run('reports.history', ORG)).length;
    expect((await add(photo))[0]).toBe('ok');
    expect((await core.run('reports.history', ORG)).length).toBe(versions);
    expect((await core.run('reports.forUnit', { unit: ORG.unit, period: PERIOD })).tasks.find((t) => t.task === 3)!.report!.evidence).toHaveLength(1);
  });

  it('a deactivated unit’s past report stays readable (its evidence and history); only writing is refused', async () => {
    const { core } = await bureau();
    await core.run('reports.save', { ...ORG, report: { status: '正常推进', progress: '已开展' } });
    const photo = Buffer.from('a photo').toString('base64');
    const report = await core.run('evidence.add', { ...ORG, name: '照片.jpg', dataBase64: photo });
    const org = (await core.run('units.list', {})).find((u) => u.name === ORG.unit)!;
    await core.run('units.save', { code: org.code, name: org.name, kind: org.kind, active: false });
    const hash = report.evidence[0]!.hash;
    expect((await core.run('evidence.open', { ...ORG, hash, name: '照片.jpg' })).dataBase64).toBe(photo);
    expect((await core.run('reports.history', ORG)).length).toBeGreaterThan(0);
    expect(await refusal(core, 'reports.save', { ...ORG, report: { status: '正常推进', progress: '再写' } })).toEqual(['not_responsible', '“区委组织部”已停用，不再填报']);
  });

  it('copying last period refuses a task that is not the unit’s, copying nothing', async () => {
    const { core, path } = await bureau();
    await core.run('reports.save', { ...ORG, period: '2021-Q2', report: { status: '正常推进', progress: '上期' } });
    const before = dumpDb(path);
    expect(await refusal(core, 'reports.copyPrevious', { unit: ORG.unit, period: PERIOD, tasks: [3, 17] })).toEqual(['not_responsible', '第 17 项任务不是“区委组织部”2021年第三季度负责的任务，未复制任何内容']);
    expect(dumpDb(path)).toEqual(before);
  });

  it('units: a name that reads as another’s (spaces, full-width brackets) or as a code is refused; a town that reported on the towns’ tasks does not become a department', async () => {
    const { core, path } = await bureau();
    expect((await core.run('units.save', { name: '新镇（测试）', kind: 'town' })).code).toMatch(/^Z/);
    const before = dumpDb(path);
    expect(await refusal(core, 'units.save', { name: '新镇 (测试)', kind: 'town' })).toEqual(['invalid_input', '“新镇 (测试)”与已有的单位“新镇（测试）”（代码 Z11）只差空格或括号的全角半角，按名称查找时无法区分；请换一个名称']);
    expect(await refusal(core, 'units.save', { name: 'B04', kind: 'department' })).toEqual(['invalid_input', expect.stringContaining('“B04”是单位“')]);
    expect(dumpDb(path)).toEqual(before);

    const town = (await core.run('units.list', {})).find((u) => u.name === '济北街道')!;
    const towns = (await core.run('reports.forUnit', { unit: town.code, period: PERIOD })).tasks.map((t) => t.task);
    await core.run('reports.save', { unit: town.code, period: PERIOD, task: towns[0]!, report: { status: '正常推进', progress: '已开展' } });
    const held = dumpDb(path);
    const [code, message] = await refusal(core, 'units.save', { code: town.code, name: town.name, kind: 'department' });
    expect(code).toBe('conflict');
    expect(message).toContain(`“济北街道”已填报“各镇（街道）”负责的任务（2021年第三季度第 ${towns[0]} 项）`);
    expect(message).toContain('请停用该单位并新增一个区直部门');
    expect(dumpDb(path)).toEqual(held);
    // A town that reported nothing may still be put right.
    const quiet = (await core.run('units.list', {})).find((u) => u.name === '仁风镇')!;
    expect((await core.run('units.save', { code: quiet.code, name: quiet.name, kind: 'department' })).kind).toBe('department');
  });

  it('targets: a percent indicator’s target or 基准值 over 100 is refused, as a value reported for it is', async () => {
    const { core } = await bureau();
    expect(await refusal(core, 'targets.set', { indicator: '16.1', year: 2021, target: 150 })).toEqual(['invalid_input', '指标“自然岸线保有率”是百分比，上级下达目标不能超过 100%（填的是 150%），请填写 0–100 之间的数']);
    expect((await refusal(core, 'baselines.set', { indicator: '10.1', year: 2021, target: 101 }))[1]).toContain('基准值不能超过 100%');
    expect((await core.run('targets.set', { indicator: '16.1', year: 2021, target: 100 })).target).toBe(100);
    // A value reported out of range is refused with the value typed (the form, a save, an import alike).
    const ind = core.ctx.catalog().tasks.flatMap((t) => t.indicators).find((i) => i.id === '16.1')!;
    expect(checkIndicatorValue(ind, 150)).toBe('指标“自然岸线保有率”是百分比，应在 0–100 之间（现为 150）');
    expect(checkIndicatorValue(ind, -5)).toBe('指标“自然岸线保有率”是百分比，应在 0–100 之间（现为 -5）');
  });

  it('an export whose file cannot be put in its place counts no revision', async () => {
    const dir = tempDir('eco-inputs-export-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    const mine = (await unit.core.run('reports.forUnit', { unit: '新市镇', period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: '新市镇', period: PERIOD, task: mine, report: { status: '正常推进', progress: '已开展' } });
    // Where it goes is a folder with something in it: the rename fails once the file is written.
    const blocked = join(dir, 'blocked.xlsx');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'x'), 'x');
    await expect(writeUnitBundle(unit.core.ctx, '新市镇', PERIOD, 'unit', () => blocked)).rejects.toThrow();
    expect(unit.core.ctx.store.submissions.forUnit(unit.core.ctx.ownUnitCode!, PERIOD)).toEqual([]);
    const done = await writeUnitBundle(unit.core.ctx, '新市镇', PERIOD, 'unit', (name) => join(dir, name));
    expect(done.revision).toBe(1);
  });
});

/**
 * A revised plan adopted part way through the year: periods due before it keep
 * the plan their reports were made on (tasks, indicators, targets, who is
 * responsible) in the summary, the printed forms, the ledger, a unit's
 * workbook of such a period and the import of one; periods due from then on
 * follow the revised plan.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { setupPayload, writeSetupWorkbook } from '../../electron/core/exchange/setup-workbook';
import { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { filledTemplate, handEdited, importFiles, newUnit } from './helpers';
import { copyPreviousText } from '../../shared/report';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

const PAST = '2021-Q3'; // ended 2021年9月30日, before the revision (the clock stands at 2021年10月3日: its files still come in)
const NOW = '2021-Q4'; // not ended yet: on the revised plan
const NATURAL = '区自然资源局';

describe('a revised plan and the periods before it', () => {
  it('a past period keeps its plan everywhere; the current one takes the revision', async () => {
    const dir = tempDir('eco-rev-periods-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    await core.run('demo.fill', { period: PAST });
    await core.run('demo.fill', { period: NOW });
    const before = await core.run('summary.get', { period: PAST, texts: false });

    // The revision: 10.1 measured otherwise (renamed, a higher target), a new task 17 for 区自然资源局.
    const p = setupPayload(core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    const t10 = p.catalog.tasks.find((t) => t.no === 10)!;
    t10.indicators = t10.indicators.map((i) => (i.id === '10.1' ? { ...i, name: '森林覆盖率', target: 20 } : i));
    p.catalog.tasks.find((t) => t.no === 3)!.indicators = [];
    const natural = p.catalog.units.find((u) => u.name === NATURAL)!;
    p.catalog.tasks.push({ ...structuredClone(t10), no: 17, title: '推进减污降碳协同增效', indicators: [], units: [{ code: natural.code, role: 'lead' }], allTowns: false });
    const adopted = await core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    expect(adopted.catalogVersion).toBe('jiyang-2024.1');

    // The summary: the past period as it was, the current one revised.
    const past = await core.run('summary.get', { period: PAST, texts: false });
    expect(past.tasks.map((t) => t.no)).toEqual(before.tasks.map((t) => t.no));
    expect(past.indicators.find((i) => i.id === '10.1')).toMatchObject({ name: '林草覆盖率', target: 18 });
    expect(past.indicators).toEqual(before.indicators);
    expect(past.units).toEqual(before.units);
    expect(past.catalogVersion).toBe("jiyang-2021.1");
    const now = await core.run('summary.get', { period: NOW, texts: false });
    expect(now.tasks.map((t) => t.no)).toContain(17);
    expect(now.indicators.find((i) => i.id === '10.1')).toMatchObject({ name: '森林覆盖率', target: 20 });

    // The unit's view and its printed form of the past period.
    const view = await core.run('reports.forUnit', { unit: NATURAL, period: PAST });
    expect(view.tasks.map((t) => t.task)).not.toContain(17);
    expect((await core.run('reports.forUnit', { unit: NATURAL, period: NOW })).tasks.map((t) => t.task)).toContain(17);
    const form = await core.run('forms.render', { form: 'unit', unit: NATURAL, period: PAST });
    expect(form.html).toContain('林草覆盖率');
    expect(form.html).not.toContain('森林覆盖率');
    expect(form.html).not.toContain('推进减污降碳协同增效');

    // The ledger of the year: each period's rows on its own plan.
    const ledger = await core.run('exchange.ledgerExport', { year: 2021 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(ledger.dataBase64, 'base64') as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.getWorksheet('工作台账')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const of = (period: string, task: string) => rows.filter((r) => r[4] === period && r[1]?.startsWith(task));
    expect(of('2021年第三季度', '10.').map((r) => r[10]).join()).toContain('林草覆盖率');
    expect(of('2021年第四季度', '10.').map((r) => r[10]).join()).toContain('森林覆盖率');
    expect(of('2021年第三季度', '17.')).toEqual([]);
    expect(of('2021年第四季度', '17.').length).toBe(1);

    // A workbook of the past period is made on its plan, and the bureau takes it (a correction sent late).
    const file = await core.run('exchange.exportUnit', { unit: NATURAL, period: PAST });
    const path = join(dir, file.fileName);
    writeFileSync(path, Buffer.from(file.dataBase64, 'base64'));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.dataBase64, 'base64') as unknown as ArrayBuffer);
    const machine = book.getWorksheet('机读信息')!;
    const version = machine.getColumn(1).values.indexOf('catalog_version');
    expect(machine.getCell(version, 2).value).toBe('jiyang-2021.1');
    const r = await importFiles(core, [path]);
    expect(r.files.map((f) => [f.status, f.errors.map((e) => e.message).join()])).toEqual([['imported', '']]);
    // The same file for the current period would be refused: that period is on the revised plan.
    const cur = await core.run('exchange.exportUnit', { unit: NATURAL, period: NOW });
    const curBook = new ExcelJS.Workbook();
    await curBook.xlsx.load(Buffer.from(cur.dataBase64, 'base64') as unknown as ArrayBuffer);
    const curMachine = curBook.getWorksheet('机读信息')!;
    expect(curMachine.getCell(curMachine.getColumn(1).values.indexOf('catalog_version'), 2).value).toBe('jiyang-2024.1');

    // A value held for an indicator the revision took out (3.1): the current period's workbook leaves it out and says
    // so, and the import that updates the held report says it is no longer kept; the past period keeps it.
    const org = await core.run('exchange.exportUnit', { unit: '区委组织部', period: NOW });
    expect((org.warnings ?? []).join()).toMatch(/第 3 项任务填过的指标 3\.1“[^”]+”（[\d.]+） 不在本期适用的任务清单中，不会导出/);
    const orgPath = join(dir, `org-${org.fileName}`);
    writeFileSync(orgPath, Buffer.from(org.dataBase64, 'base64'));
    const orgImport = await importFiles(core, [orgPath]);
    expect(orgImport.files[0]!.status).toBe('imported');
    expect(orgImport.files[0]!.warnings.join()).toMatch(/第 3 项任务原有的指标 3\.1“[^”]+”（[\d.]+） 不在本期适用的任务清单中，此次更新后不再保留/);
    const pastOrg = await core.run('reports.forUnit', { unit: '区委组织部', period: PAST });
    expect(pastOrg.tasks.find((t) => t.task === 3)?.report?.indicators['3.1']).toEqual(expect.any(Number));
  });

  it('the bureau’s set-up file carries which periods are on which plan: a unit that adopts it later puts them where the bureau does; a deadline moved later moves nothing; a dropped indicator’s target does not stop the file', async () => {
    const dir = tempDir('eco-rev-schedule-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    await core.run('demo.fill', { period: PAST });
    await core.run('targets.set', { indicator: '16.2', year: 2021, target: 90 });
    // On 2021年10月3日 the bureau adopts a revision that makes 10.1 a yes/no question and takes 16.2 out.
    const p = setupPayload(core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    const t10 = p.catalog.tasks.find((t) => t.no === 10)!;
    t10.indicators = t10.indicators.map((i) => (i.id === '10.1' ? { ...i, name: '是否建成国家森林城市', comparator: 'yes', target: null, unit: '' } : i));
    const t16 = p.catalog.tasks.find((t) => t.no === 16)!;
    t16.indicators = t16.indicators.filter((i) => i.id !== '16.2');
    p.targets = p.targets.filter((t) => t.indicatorId !== '16.2');
    await core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    // 上级下达目标 by year: 2021's first three quarters are on the plan that had 16.2, so its target is still listed
    // and kept up; 2022 is all on the revision, which has none.
    expect((await core.run('targets.list', { year: 2021 })).map((t) => [t.indicator, t.target])).toEqual([['16.1', null], ['16.2', 90]]);
    expect((await core.run('targets.list', { year: 2022 })).map((t) => t.indicator)).toEqual(['16.1']);
    await core.run('targets.set', { indicator: '16.2', year: 2021, target: 91 });
    const refused = await core.call('targets.set', { indicator: '16.2', year: 2022, target: 91 });
    expect(refused.ok ? '' : refused.error.message).toBe('2022年的任务清单中没有编号为“16.2”的指标');
    // The fourth quarter has no 10.1 yet: the third quarter's number is not its answer to the yes/no question.
    expect((await core.run('summary.get', { period: NOW, texts: false })).indicators.find((i) => i.id === '10.1')).toMatchObject({ comparator: 'yes', value: null, valuePeriod: null });
    // Extending the third quarter's deadline afterwards leaves it on its plan.
    await core.run('periods.setDeadline', { period: PAST, deadline: '2021-10-20' });
    expect((await core.run('summary.get', { period: PAST, texts: false })).catalogVersion).toBe('jiyang-2021.1');

    // A unit, its clock in January when the fourth quarter has ended, adopts the bureau's set-up file (not refused
    // for the target of 16.2): it puts the fourth quarter on the revised plan as the bureau does, and its file is taken.
    const setup = await core.run('exchange.setupExport', {});
    const unit = await newUnit(dir, '区自然资源局', new Date('2022-01-10T02:00:00Z'));
    open.push(unit.core);
    const adopted = await unit.core.call('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 } });
    expect(adopted.ok || adopted.error.message).toBe(true);
    await unit.core.run('reports.save', { unit: '区自然资源局', period: NOW, task: 10, report: { status: '正常推进', indicators: { '10.1': true } } });
    const q4 = await unit.core.run('exchange.exportUnit', { unit: '区自然资源局', period: NOW });
    const q4Path = join(dir, `q4-${q4.fileName}`);
    writeFileSync(q4Path, Buffer.from(q4.dataBase64, 'base64'));
    await unit.core.run('reports.save', { unit: '区自然资源局', period: PAST, task: 10, report: { status: '正常推进', indicators: { '10.1': 18.6 } } });
    const q3 = await unit.core.run('exchange.exportUnit', { unit: '区自然资源局', period: PAST });
    const q3Path = join(dir, `q3-${q3.fileName}`);
    writeFileSync(q3Path, Buffer.from(q3.dataBase64, 'base64'));
    const r = await importFiles(core, [q4Path, q3Path]);
    expect(r.files.map((f) => [f.period, f.status, f.errors.map((e) => e.message).join()])).toEqual([
      [NOW, 'imported', ''],
      [PAST, 'imported', ''],
    ]);
    // A unit set up anew from that file (a new computer) holds the earlier plan too: its third-quarter correction is
    // made on it, and taken.
    const fresh = await Core.open(join(dir, 'fresh.db'), { create: true, now: () => new Date('2022-01-10T02:00:00Z') });
    open.push(fresh);
    await fresh.run('exchange.setupImport', { file: { name: setup.fileName, dataBase64: setup.dataBase64 }, unit: '区城乡水务局' });
    const task = (await fresh.run('reports.forUnit', { unit: '区城乡水务局', period: PAST })).tasks[0]!.task;
    await fresh.run('reports.save', { unit: '区城乡水务局', period: PAST, task, report: { status: '正常推进', progress: '补报' } });
    const late = await fresh.run('exchange.exportUnit', { unit: '区城乡水务局', period: PAST });
    const latePath = join(dir, `late-${late.fileName}`);
    writeFileSync(latePath, Buffer.from(late.dataBase64, 'base64'));
    expect((await importFiles(core, [latePath])).files.map((f) => [f.status, f.errors.map((e) => e.message).join()])).toEqual([['imported', '']]);
    // The fourth quarter's 10.1 (yes/no now) is its own answer, not the third quarter's number read as one.
    const status = await core.run('summary.get', { period: NOW, texts: false });
    expect(status.indicators.find((i) => i.id === '10.1')).toMatchObject({ comparator: 'yes', value: true, valuePeriod: null });
  });

  it('hand-fill templates of several units in one zip: each unit’s evidence from its own folder; workbooks side by side at the top are not guessed', async () => {
    const dir = tempDir('eco-rev-tpl-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    const filled = async (unit: string, names = ['照片1.jpg', '合影.jpg']): Promise<Uint8Array> => {
      const t = await core.run('exchange.template', { unit, period: PAST });
      const blank = join(dir, `${unit}-template.xlsx`);
      writeFileSync(blank, Buffer.from(t.dataBase64, 'base64'));
      const path = await handEdited(blank, join(dir, `${unit}.xlsx`), '开展巡查');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('佐证材料')!;
      const first = sheet.getColumn(1).values.indexOf('任务序号') + 1;
      const task = (await core.run('reports.forUnit', { unit, period: PAST })).tasks[0]!.task;
      names.forEach((n, i) => {
        sheet.getRow(first + i).getCell(1).value = task;
        sheet.getRow(first + i).getCell(2).value = n;
      });
      return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    };
    const enc = new TextEncoder();
    const [a, b] = [await filled('新市镇'), await filled('济阳街道')];
    const inFolders = join(dir, '两个单位.zip');
    // Zipped as a folder is (收件箱/ on top), one unit's folder inside another's place, and the same group photo in both.
    writeFileSync(
      inFolders,
      zipSync({
        '收件箱/新市镇/新市镇.xlsx': a,
        '收件箱/新市镇/佐证材料/照片1.jpg': enc.encode('新市镇的照片'),
        '收件箱/新市镇/佐证材料/合影.jpg': enc.encode('合影'),
        '收件箱/济阳街道.xlsx': b,
        '收件箱/佐证材料/照片1.jpg': enc.encode('济阳街道的照片'),
        '收件箱/佐证材料/合影.jpg': enc.encode('合影'),
      }),
    );
    const r = await importFiles(core, [inFolders]);
    expect(r.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    const photoOf = async (unit: string) => (await core.run('reports.forUnit', { unit, period: PAST })).tasks[0]!.report!.evidence.map((e) => [e.name, e.size]).sort();
    await expect(photoOf('新市镇')).resolves.toEqual([['合影.jpg', enc.encode('合影').length], ['照片1.jpg', enc.encode('新市镇的照片').length]]);
    await expect(photoOf('济阳街道')).resolves.toEqual([['合影.jpg', enc.encode('合影').length], ['照片1.jpg', enc.encode('济阳街道的照片').length]]);
    // Side by side at the top of one zip: whose 照片1.jpg is whose cannot be told; said, none attached.
    const bureau2 = await newBureau(tempDir('eco-rev-tpl2-'));
    open.push(bureau2.core);
    const flat = join(dir, '一起.zip');
    writeFileSync(flat, zipSync({ '新市镇.xlsx': a, '济阳街道.xlsx': b, '佐证材料/照片1.jpg': enc.encode('谁的照片') }));
    const r2 = await importFiles(bureau2.core, [flat]);
    expect(r2.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    expect(r2.files[0]!.warnings.join()).toContain('压缩包的同一文件夹中有多个工作簿，无法分辨佐证材料属于哪个单位');
  });
});

describe('an earlier value standing in for an indicator after a revision', () => {
  it('stands in where the name differs by spaces or punctuation only, not where it was renamed', async () => {
    const values = async (name: string) => {
      const bureau = await newBureau(tempDir('eco-rev-measure-'), 'quarter', '2021-Q1');
      open.push(bureau.core);
      const core = bureau.core;
      await core.run('reports.save', { unit: NATURAL, period: '2021-Q1', task: 10, report: { status: '正常推进', indicators: { '10.1': 19 } } });
      await core.run('submissions.enter', { unit: NATURAL, period: '2021-Q1', on: '2021-04-02' });
      const p = setupPayload(core.ctx);
      p.catalog.version = 'jiyang-2024.1';
      const t10 = p.catalog.tasks.find((t) => t.no === 10)!;
      t10.indicators = t10.indicators.map((i) => (i.id === '10.1' ? { ...i, name } : i));
      await core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
      return (await core.run('summary.get', { period: NOW, texts: false })).indicators.find((i) => i.id === '10.1');
    };
    expect(await values('林草 覆盖率。')).toMatchObject({ value: 19, valuePeriod: '2021年第一季度' });
    expect(await values('森林覆盖率')).toMatchObject({ value: null, valuePeriod: null });
  });
});

describe('a unit told the bureau’s schedule after a file without one', () => {
  it('is told which periods go back onto the earlier plan, and what that does to its reports there', async () => {
    const dir = tempDir('eco-rev-back-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    // The bureau holds a report of 2021-Q3, so its revision of 2021年10月3日 takes only the periods not yet ended.
    await bureau.core.run('reports.save', { unit: NATURAL, period: PAST, task: 10, report: { status: '正常推进', progress: '三季度' } });
    const p = setupPayload(bureau.core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    const t4 = p.catalog.tasks.find((t) => t.no === 4)!;
    p.catalog.tasks.push({ ...structuredClone(t4), no: 99 }); // the old task 4 moves to No. 99 …
    t4.title = '全新的一项任务：推进绿色低碳转型发展示范区建设'; // … and No. 4 is a new task
    t4.indicators = [];
    await bureau.core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    expect(bureau.core.ctx.planSchedule().map((e) => e.version)).toEqual(['jiyang-2021.1', 'jiyang-2024.1']);

    // The unit first gets the revised plan from a file without the schedule (an earlier app): every period on it.
    const unit = await newUnit(dir);
    open.push(unit.core);
    const bare = setupPayload(bureau.core.ctx);
    delete bare.schedule;
    delete bare.plans;
    await unit.core.run('exchange.setupImport', { file: { name: 'old-app.xlsx', dataBase64: (await writeSetupWorkbook(bare, '2021-10-02T12:00:00.000Z')).toString('base64') } });
    await unit.core.run('reports.save', { unit: '新市镇', period: PAST, task: 4, report: { status: '正常推进', progress: '绿色低碳示范区的进展' } });

    // Then the bureau's own file: 2021-Q3 goes back onto the plan whose task 4 is another task.
    const file = await bureau.core.run('exchange.setupExport', {});
    const preview = await unit.core.run('exchange.setupPreview', { file: { name: file.fileName, dataBase64: file.dataBase64 } });
    expect(preview.warnings).toContain('采用后，2021年第三季度改按任务清单“jiyang-2021.1”显示、统计和打印（本机原按“jiyang-2024.1”）');
    expect(preview.warnings.find((w) => w.startsWith('任务重新编号了：'))).toBe(
      '任务重新编号了：第 4 项在本机为“全新的一项任务：推进绿色低碳转型发展示范区建设”，在此文件中为“严格落实河长制湖长制工作”（本机已有 1 条第 4 项的填报内容）。本机这些填报内容按序号归于新清单中的任务，请核对后重新填写',
    );
    const adopted = await unit.core.run('exchange.setupImport', { file: { name: file.fileName, dataBase64: file.dataBase64 } });
    expect(adopted.warnings).toEqual(preview.warnings);
  });
});

describe('复制上期 across a revised plan', () => {
  it('copies a task that is the same task (its title reworded or not), never one whose number now means another task', async () => {
    const dir = tempDir('eco-rev-copy-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const core = bureau.core;
    for (const task of [10, 11, 16]) await core.run('reports.save', { unit: NATURAL, period: PAST, task, report: { status: '正常推进', percent: 50, progress: `第 ${task} 项的进展` } });
    const p = setupPayload(core.ctx);
    p.catalog.version = 'jiyang-2024.1';
    const t11 = p.catalog.tasks.find((t) => t.no === 11)!;
    t11.title = `${t11.title}工作`; // reworded: the same task
    p.catalog.tasks.find((t) => t.no === 16)!.title = '推进减污降碳协同增效'; // the number given to another task
    // A number last period's plan did not have: a report kept under it (from a task an earlier revision took out) is no starting point.
    p.catalog.tasks.push({ ...structuredClone(t11), no: 18, title: '开展生态环境损害赔偿', indicators: [] });
    const natural = core.ctx.store.units.list().find((u) => u.name === NATURAL)!.code;
    const fields = { status: '已完成' as const, percent: 100, progress: '别的任务的进展', problems: '', next: '', indicators: {}, filledBy: '', phone: '' };
    core.ctx.store.reports.save({ id: core.ctx.newId(), unit: natural, period: PAST, task: 18, fields, source: 'entry', note: '', at: core.ctx.nowIso() });
    await core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    const r = await core.run('reports.copyPrevious', { unit: NATURAL, period: NOW });
    expect(r.copied).toEqual([10, 11]);
    expect(r.other).toEqual([16, 18]);
    expect(copyPreviousText(r)).toBe('已从上期（2021年第三季度）复制 2 项；第 16、18 项上期是另一项任务（任务清单已修订），未复制');
    expect((await core.run('reports.forUnit', { unit: NATURAL, period: NOW })).tasks.find((t) => t.task === 16)!.report).toBeNull();
  });
});

describe('a unit deactivated since a period was due', () => {
  it('still counts for the periods it owed, in the summary, status, forms and ledger; not for later ones; nothing is written for it', async () => {
    const dir = tempDir('eco-deactivated-');
    let now = new Date('2021-10-08T02:00:00.000Z'); // 2021-Q3 was due on 2021年10月5日
    const core = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    open.push(core);
    // (Owed from 2021-Q1: the second quarter, before the unit was deactivated.)
    await core.run('app.init', { role: 'bureau', periodKind: 'quarter', firstPeriod: '2021-Q1' });
    await core.run('demo.fill', { period: PAST });
    await core.run('reports.save', { unit: '新市镇', period: PAST, task: 4, report: { status: '进度滞后', progress: '推进中', problems: '资金未到位' } });
    const town = (await core.run('units.list', {})).find((u) => u.name === '新市镇')!;
    const before = await core.run('summary.get', { period: PAST, texts: false });
    const statusBefore = await core.run('submissions.status', { period: PAST });
    expect(statusBefore.find((u) => u.unit === town.code)).toMatchObject({ state: 'on_time' });

    // Deactivated on 2021年10月8日: after 2021-Q3 was due, before 2021-Q4 is.
    await core.run('units.save', { code: town.code, name: town.name, kind: town.kind, active: false });
    const after = await core.run('summary.get', { period: PAST, texts: false });
    expect([after.tasks, after.units, after.indicators, after.totals]).toEqual([before.tasks, before.units, before.indicators, before.totals]);
    expect(await core.run('submissions.status', { period: PAST })).toEqual(statusBefore);
    const form = await core.run('forms.render', { form: 'submissions', period: PAST });
    expect(form.html).toContain('新市镇');
    expect((await core.run('catalog.get', { period: PAST })).units.map((u) => u.code)).toContain(town.code);
    // The current period does not count it.
    expect((await core.run('submissions.status', { period: NOW })).map((u) => u.unit)).not.toContain(town.code);
    expect((await core.run('summary.get', { period: NOW, texts: false })).units.map((u) => u.unit)).not.toContain(town.code);
    expect((await core.run('catalog.get', { period: NOW })).units.map((u) => u.code)).not.toContain(town.code);
    // Its reports of the past period cannot be changed now (the bureau's correction, too).
    await expect(core.run('reports.save', { unit: town.name, period: PAST, task: 4, report: { status: '正常推进', progress: '更正' } })).rejects.toThrow('已停用');

    // Still counted among the period's lagging work, marked; but no 督办单 for it: it can no longer report.
    expect((await core.run('summary.get', { period: PAST, texts: false })).lagging.filter((l) => l.unit === town.code)).toEqual([expect.objectContaining({ task: 4, inactive: true })]);
    expect(before.lagging.filter((l) => l.unit === town.code)).toEqual([expect.not.objectContaining({ inactive: true })]);
    const notices = await core.run('forms.render', { form: 'notice', period: PAST, draft: true });
    expect(notices.html).not.toContain('新市镇');
    expect(notices.html).toContain(before.lagging.find((l) => l.unit !== town.code)!.unitName);
    // A unit that sent its file, deactivated before the deadline: what it sent still counts.
    const sent = (await core.run('units.list', {})).find((u) => u.name === '济阳街道')!;
    now = new Date('2021-10-04T02:00:00.000Z');
    await core.run('units.save', { code: sent.code, name: sent.name, kind: sent.kind, active: false });
    expect((await core.run('submissions.status', { period: PAST })).find((u) => u.unit === sent.code)).toEqual(statusBefore.find((u) => u.unit === sent.code));
    expect(statusBefore.find((u) => u.unit === sent.code)?.state).not.toBe('missing');
    // A unit deactivated before its deadline does not count for that period, where it holds nothing.
    const quiet = await core.run('units.save', { name: '新设街道', kind: 'town' }); // holds nothing for the period
    expect((await core.run('submissions.status', { period: PAST })).map((u) => u.unit)).toContain(quiet.code);
    await core.run('units.save', { code: quiet.code, name: quiet.name, kind: quiet.kind, active: false });
    expect((await core.run('submissions.status', { period: PAST })).map((u) => u.unit)).not.toContain(quiet.code);
    // Activated again: counted everywhere as before.
    await core.run('units.save', { code: quiet.code, name: quiet.name, kind: quiet.kind, active: true });
    expect((await core.run('submissions.status', { period: NOW })).map((u) => u.unit)).toContain(quiet.code);

    // Deactivated before this was recorded (a database from before): counted where it holds reports or submissions.
    core.ctx.store.db.prepare('UPDATE units SET deactivated_at = NULL WHERE code = ?').run(town.code);
    core.ctx.store.units.upsert({ ...town, active: false }, core.ctx.nowIso(), core.ctx.nowIso()); // bumps the unit list's version, keeps the null
    expect((await core.run('submissions.status', { period: PAST })).map((u) => u.unit)).toContain(town.code);
    expect((await core.run('submissions.status', { period: '2021-Q2' })).map((u) => u.unit)).not.toContain(town.code);

    // A unit's database told by the bureau's set-up file records no date of its own for them (the file does not say when).
    const other = await newUnit(tempDir('eco-deactivated-unit-'), '仁风镇', now);
    open.push(other.core);
    const file = await core.run('exchange.setupExport', {});
    await other.core.run('exchange.setupImport', { file: { name: file.fileName, dataBase64: file.dataBase64 } });
    expect(other.core.ctx.store.units.inactive().find((x) => x.unit.code === sent.code)).toMatchObject({ deactivatedAt: null });

    // The ledger's 报送台账 row for it says what it sent for 2021-Q3.
    const ledger = await core.run('exchange.ledgerExport', { year: 2021 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(ledger.dataBase64, 'base64') as unknown as ArrayBuffer);
    const rows = wb.getWorksheet('报送台账')!.getSheetValues().filter(Array.isArray).map((r) => (r as unknown[]).slice(1).map(String));
    expect(rows.find((r) => r[0] === '新市镇（已停用）')?.[4]).toMatch(/^按时/);
  });
});

describe('a file made before a revision, sent after it', () => {
  it('is taken, and said, where the unit answers for the same under both plans (a target changed); refused where its tasks changed', async () => {
    const dir = tempDir('eco-rev-before-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    // Two units report the current quarter on the plan in force and export before the bureau revises it.
    const files: Record<string, string> = {};
    for (const name of ['区委组织部', NATURAL, '区卫生健康局']) {
      const u = await newUnit(dir, name);
      open.push(u.core);
      const task = (await u.core.run('reports.forUnit', { unit: name, period: NOW })).tasks[0]!.task;
      await u.core.run('reports.save', { unit: name, period: NOW, task, report: { status: '正常推进', percent: 30, progress: '修订前导出' } });
      const f = await u.core.run('exchange.exportUnit', { unit: name, period: NOW });
      files[name] = join(dir, f.fileName);
      writeFileSync(files[name], Buffer.from(f.dataBase64, 'base64'));
    }
    // A hand-fill template for 区委办公室 (whose tasks the revision leaves alone), made before it and filled in after.
    const officeTemplate = await filledTemplate((await bureau.core.run('exchange.template', { unit: '区委办公室', period: NOW })).dataBase64, join(dir, 'office.xlsx'), { percent: 50, progress: '模板填写' });
    // A hand-fill template for 区自然资源局, made before the revision too.
    const t = await bureau.core.run('exchange.template', { unit: NATURAL, period: NOW });
    const template = join(dir, 'template.xlsx');
    writeFileSync(template, Buffer.from(t.dataBase64, 'base64'));
    // The revision: 3.1's target only (区委组织部's task 3), and a new task 17 for 区自然资源局.
    const p = setupPayload(bureau.core.ctx);
    p.catalog.version = 'jiyang-2021.2';
    const t3 = p.catalog.tasks.find((t) => t.no === 3)!;
    t3.indicators = t3.indicators.map((i) => ({ ...i, target: 25 }));
    const natural = p.catalog.units.find((u) => u.name === NATURAL)!;
    p.catalog.tasks.push({ ...structuredClone(t3), no: 17, title: '推进减污降碳协同增效', indicators: [], units: [{ code: natural.code, role: 'lead' }], allTowns: false });
    // 区卫生健康局, supporting task 12, now leads it (and reports its indicator): the same task, another duty.
    const health = p.catalog.units.find((u) => u.name === '区卫生健康局')!;
    const t12 = p.catalog.tasks.find((t) => t.no === 12)!;
    t12.units = [{ code: health.code, role: 'lead' }, ...t12.units.filter((u) => u.code !== health.code).map((u) => ({ ...u, role: 'support' as const }))];
    await bureau.core.run('exchange.setupImport', { file: { name: 'rev.xlsx', dataBase64: (await writeSetupWorkbook(p, '2021-10-02T00:00:00.000Z')).toString('base64') } });
    const r = await importFiles(bureau.core, [files['区委组织部']!, files[NATURAL]!, files['区卫生健康局']!]);
    expect(r.files.map((f) => f.status)).toEqual(['imported', 'rejected', 'rejected']);
    expect(r.files[0]!.warnings).toContain('此文件按任务清单“jiyang-2021.1”填写，2021年第四季度按任务清单“jiyang-2021.2”报送；该单位本期负责的任务和指标在两份清单中相同，照常接收');
    expect(r.files[0]!.sent).toMatchObject({ state: 'on_time' });
    expect((await bureau.core.run('reports.forUnit', { unit: '区委组织部', period: NOW })).tasks[0]!.report).toMatchObject({ progress: '修订前导出' });
    expect(r.files[1]!.errors[0]!.message).toBe('任务清单版本不同：工作簿为“jiyang-2021.1”，本系统为“jiyang-2021.2”，该单位本期负责的任务或指标在两份清单中不同。请该单位先导入区局最新的设置文件，再重新导出');
    const office = (await importFiles(bureau.core, [officeTemplate])).files[0]!;
    expect([office.status, office.warnings]).toEqual(['imported', expect.arrayContaining(['此文件按任务清单“jiyang-2021.1”填写，2021年第四季度按任务清单“jiyang-2021.2”报送；该单位本期负责的任务和指标在两份清单中相同，照常接收'])]);
    expect((await importFiles(bureau.core, [template], { dryRun: true })).files[0]!.errors[0]!.message).toBe(
      '任务清单版本不同：工作簿为“jiyang-2021.1”，本系统为“jiyang-2021.2”，该单位本期负责的任务或指标在两份清单中不同。这是按旧任务清单制作的填写模板：请向该单位下发按现行任务清单制作的模板，填写后重新报送',
    );
  });
});

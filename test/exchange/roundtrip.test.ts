import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { entryName } from '../../electron/core/exchange/sources';
import { archiveDir, backupsDir, evidenceDir, hashPath } from '../../electron/core/paths';
import { cli, dumpDb, FIXED_NOW, newBureau, tempDir } from '../helpers/db';
import { exportTo, filledTemplate, importFiles, newUnit, PERIOD, readBook, reportOne, reportsOf, TOWN } from './helpers';
import { sentAt, type UnitWorkbookMeta } from '../../electron/core/exchange/read-unit';
import { Core } from '../../electron/core/service';
import { firstSentText, SENT_RULE } from '../../shared/period';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function setup() {
  const dir = tempDir('eco-rt-');
  const unit = await newUnit(dir);
  const bureau = await newBureau(dir);
  open.push(unit.core, bureau.core);
  const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
  return { dir, unit, bureau, tasks };
}

describe('unit workbook round trip', () => {
  it('a file named for another unit of the list is taken for the unit its workbook names, and said (asked of both)', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const sent = await exportTo(unit.core, dir, TOWN, PERIOD, '济阳街道-2021年第三季度.xlsx');
    const r = await importFiles(bureau.core, [sent]);
    expect(r.files.map((f) => [f.status, f.unitName])).toEqual([['imported', TOWN]]);
    expect(r.files[0]!.warnings).toContain(`文件名“济阳街道-2021年第三季度.xlsx”写的是“济阳街道”，工作簿却是“${TOWN}”的（封面和机读信息），按“${TOWN}”的报送处理：请向两个单位核实，是否报错了文件，或用别的单位的文件改填`);
    // Its own name in the file's name, or none: nothing said.
    for (const name of [`${TOWN}（第三季度）.xlsx`, '报送表.xlsx']) {
      const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, name)], { dryRun: true });
      expect(again.files[0]!.warnings.filter((w) => w.startsWith('文件名'))).toEqual([]);
    }
  });

  it('a file named for another period than its workbook’s is taken for its workbook’s period, and said', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const sent = await exportTo(unit.core, dir, TOWN, PERIOD, `${TOWN}-2021年第四季度.xlsx`);
    const r = await importFiles(bureau.core, [sent], { dryRun: true });
    expect(r.files.map((f) => [f.status, f.period])).toEqual([['imported', PERIOD]]);
    expect(r.files[0]!.warnings).toContain(`文件名“${TOWN}-2021年第四季度.xlsx”写的是“2021年第四季度”，工作簿却是“2021年第三季度”的（封面和机读信息），按“2021年第三季度”的报送处理：请与该单位核实是否报错了文件，或把别的周期的内容填在了这一期`);
    // Another year's third quarter, and a quarter without a year; a quarter by its months.
    for (const [name, said] of [['报送-2020Q3.xlsx', '2020年第三季度'], ['四季度报送.xlsx', '第四季度'], [`${TOWN}2021.10-12月.xlsx`, '2021年第四季度'], ['4月-6月报送.xlsx', '第二季度']] as const) {
      const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, name)], { dryRun: true });
      expect(again.files[0]!.warnings.filter((w) => w.startsWith('文件名'))).toEqual([expect.stringContaining(`写的是“${said}”`)]);
    }
    // Q4 alone, or with its year after it.
    for (const [name, said] of [[`${TOWN}Q4.xlsx`, '第四季度'], [`${TOWN}Q4-2021.xlsx`, '2021年第四季度']] as const) {
      const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, name)], { dryRun: true });
      expect(again.files[0]!.warnings.filter((w) => w.startsWith('文件名'))).toEqual([expect.stringContaining(`写的是“${said}”`)]);
    }
    // The zip it came in, when its own name says no period.
    const zipped = join(dir, `${TOWN}2021年第四季度.zip`);
    writeFileSync(zipped, zipSync({ [`${TOWN}.xlsx`]: readFileSync(await exportTo(unit.core, dir, TOWN, PERIOD, 'plain.xlsx')) }));
    const inZip = await importFiles(bureau.core, [zipped], { dryRun: true });
    expect(inZip.files[0]!.warnings.filter((w) => w.includes('写的是'))).toEqual([expect.stringMatching(new RegExp(`^文件所在的“${TOWN}2021年第四季度\\.zip”写的是“2021年第四季度”`))]);
    // A date beside the quarter is no year (it had ended the whole import): the quarter alone is said.
    for (const name of [`${TOWN}0105四季度报送.xlsx`, `${TOWN}20211231第四季度.xlsx`, `${TOWN}2100年第四季度.xlsx`]) {
      const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, name)], { dryRun: true });
      expect([again.files[0]!.status, again.files[0]!.warnings.filter((w) => w.startsWith('文件名'))]).toEqual(['imported', [expect.stringContaining('写的是“第四季度”')]]);
    }
    // Its own period as people and the app write it, several periods, a date, or none: nothing said.
    for (const name of [`${TOWN}-2021-Q3-第2版.xlsx`, `${TOWN}2021年三季度.xlsx`, '第3季度.xlsx', '2021年三、四季度.xlsx', '2021年三四季度.xlsx', `${TOWN}2021Q3-Q4.xlsx`, `${TOWN}2021年第三季度（7-9月）.xlsx`, `${TOWN}2021年7-9月.xlsx`, '2021年10-11月.xlsx', `${TOWN}2021年第三季度（10-12月）.xlsx`, `${TOWN}_1230_Q3.xlsx`, `${TOWN}-2021年12月2日.xlsx`, '报送表.xlsx']) {
      const again = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, name)], { dryRun: true });
      expect(again.files[0]!.warnings.filter((w) => w.startsWith('文件名'))).toEqual([]);
    }
  });

  it('a CR held in 填报人 or 联系电话 (saved on the command line by an earlier version) does not make the untouched file read as edited', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    unit.core.ctx.store.db.prepare("UPDATE reports SET filled_by = '王五' || char(13) || char(10), phone = '0531-84231234' || char(13)").run();
    const r = (await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'cr.xlsx')], { dryRun: true })).files[0]!;
    expect([r.status, r.warnings.filter((w) => w.includes('内容在导出后被修改'))]).toEqual(['imported', []]);
  });

  it('a unit’s workbook the bureau exported itself, found among the files received: said as no file the unit sent', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    const sent = await exportTo(unit.core, dir, TOWN, PERIOD, 'sent.xlsx');
    const first = await importFiles(bureau.core, [sent]);
    expect(first.files[0]!.warnings.join()).not.toContain('本系统自己导出');
    const reissued = await exportTo(bureau.core, dir, TOWN, PERIOD, 'reissued.xlsx');
    const r = await importFiles(bureau.core, [reissued], { dryRun: true });
    expect(r.files[0]!.warnings).toContain(`此文件是本系统自己导出的“${TOWN}”工作簿（第 2 版，由本数据库中已有的内容生成），不是该单位报送的文件；记入报送记录时请留意`);
  });

  it('another unit’s texts word for word, or texts that begin with another unit’s name: taken, and said (asked of both)', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    const other = await newUnit(dir, '济阳街道');
    open.push(other.core);
    const task = tasks[0]!.task;
    const text = { progress: '围绕河长制工作，本季度开展巡河 36 次，清理河道垃圾 12 吨，整改问题 5 处，群众满意度明显提升。', problems: '', next: '继续巡河' };
    await other.core.run('reports.save', { unit: '济阳街道', period: PERIOD, task, report: { status: '正常推进', percent: 60, ...text } });
    const theirs = await exportTo(other.core, dir, '济阳街道', PERIOD, 'theirs.xlsx');
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 50, ...text } });
    const ours = await exportTo(unit.core, dir, TOWN, PERIOD, 'ours.xlsx');
    const said = `第 ${task} 项任务的填报内容（工作进展、存在问题和下步计划）与“济阳街道”本期的一字不差：请向两个单位核实，是否用别的单位的文件改填，或报错了文件`;
    // In one run (the file after the other is said), and against what is held.
    const one = await importFiles(bureau.core, [theirs, ours], { dryRun: true });
    expect(one.files.map((f) => f.status), JSON.stringify(one.files.map((f) => f.errors))).toEqual(['imported', 'imported']);
    expect(one.files[0]!.warnings.join('')).not.toContain('一字不差');
    expect(one.files[1]!.warnings).toContain(said);
    expect((await importFiles(bureau.core, [theirs])).files[0]!.status).toBe('imported');
    expect((await importFiles(bureau.core, [ours])).files[0]!.warnings).toContain(said);
    // Once 济阳街道's entry is another, nothing is said of the same file.
    await other.core.run('reports.save', { unit: '济阳街道', period: PERIOD, task, report: { status: '正常推进', percent: 70, ...text, progress: `${text.progress}另补充一句。` } });
    expect((await importFiles(bureau.core, [await exportTo(other.core, dir, '济阳街道', PERIOD, 'theirs2.xlsx'), ours], { dryRun: true })).files[1]!.warnings.join('')).not.toContain('一字不差');

    // Texts that begin with another unit's name: said; a task's lead named (牵头) or the unit's own name: not.
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 50, progress: '济阳街道本季度巡河 36 次。', next: '区城乡水务局牵头，我镇配合巡河' } });
    const named = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'named.xlsx')], { dryRun: true });
    expect(named.files[0]!.warnings).toContain(`第 ${task} 项任务的“工作进展”以“济阳街道”开头，此文件却是“${TOWN}”的：请向两个单位核实，是否用别的单位的文件改填，或报错了文件`);
    expect(named.files[0]!.warnings.filter((w) => w.includes('开头'))).toHaveLength(1);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 50, progress: `${TOWN}本季度巡河 36 次。`, next: `济阳街道、${TOWN}联合巡河` } });
    const own = await importFiles(bureau.core, [await exportTo(unit.core, dir, TOWN, PERIOD, 'own.xlsx')], { dryRun: true });
    expect(own.files[0]!.warnings.filter((w) => w.includes('开头'))).toEqual([]);
  });

  it('unit database → export → bureau import shows exactly what the unit entered', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    expect(tasks.length).toBeGreaterThan(1);
    const [a, b] = tasks as [(typeof tasks)[0], (typeof tasks)[0]];
    await unit.core.run('reports.save', {
      unit: TOWN,
      period: PERIOD,
      task: a.task,
      report: {
        status: '进度滞后',
        percent: 35,
        progress: '=SUM(A1:A3)\n+1 第二行，“引号”；emoji 🌳🐟\n@cmd -2',
        problems: '-资金未到位（约 50 万元）',
        next: '@下周 召开会议',
        filledBy: '张三',
        phone: '0531-84231234',
      },
    });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: b.task, report: { status: '正常推进', progress: '按计划推进', filledBy: '张三', phone: '0531-84231234' } });
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task: a.task, name: '会议纪要.pdf', dataBase64: Buffer.from('%PDF-1.4 纪要').toString('base64') });

    const file = await exportTo(unit.core, dir);
    expect(file.endsWith('.zip')).toBe(true);
    const r = await importFiles(bureau.core, [file]);
    expect(r.files.map((f) => [f.status, f.unit, f.period, f.revision, f.errors, f.warnings])).toEqual([['imported', 'Z10', PERIOD, 1, [], []]]);
    expect(await reportsOf(bureau.core)).toEqual(await reportsOf(unit.core));
    // The workbook's original is in the database (not a file beside it); the zip it came in is a file.
    expect(existsSync(hashPath(archiveDir(bureau.path), r.files[0]!.sha256))).toBe(false);
    expect(bureau.core.ctx.store.imports.original(r.files[0]!.sha256)?.length).toBeGreaterThan(0);
    expect(existsSync(hashPath(archiveDir(bureau.path), r.files[0]!.container!.sha256))).toBe(true);

    const s = await bureau.core.run('summary.get', { period: PERIOD });
    const entry = s.tasks.find((t) => t.no === a.task)!.entries.find((e) => e.code === 'Z10')!;
    expect(entry.report?.progress).toBe('=SUM(A1:A3)\n+1 第二行，“引号”；emoji 🌳🐟\n@cmd -2');
    expect(entry.report?.evidenceCount).toBe(1);
    expect(s.units.find((u) => u.unit === 'Z10')).toMatchObject({ state: 'on_time', revision: 1 });

    // The bureau opens the evidence file the unit attached: the same bytes, under the same name.
    const ref = (await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.task === a.task)!.report!.evidence[0]!;
    const opened = await bureau.core.run('evidence.open', { unit: TOWN, period: PERIOD, task: a.task, hash: ref.hash, name: ref.name });
    expect(opened).toMatchObject({ fileName: '会议纪要.pdf', bytes: Buffer.byteLength('%PDF-1.4 纪要'), sha256: ref.hash });
    expect(Buffer.from(opened.dataBase64, 'base64').toString()).toBe('%PDF-1.4 纪要');
    // A hash the report does not have, a file gone, a file damaged: each said, naming the file.
    const other = await bureau.core.call('evidence.open', { unit: TOWN, period: PERIOD, task: b.task, hash: ref.hash, name: ref.name });
    expect(other.ok || other.error.code).toBe('not_found');
    const stored = hashPath(evidenceDir(bureau.path), ref.hash);
    writeFileSync(stored, '%PDF-1.4 改过');
    const damaged = await bureau.core.call('evidence.open', { unit: TOWN, period: PERIOD, task: a.task, hash: ref.hash, name: ref.name });
    expect(damaged.ok || damaged.error.message).toContain('佐证材料“会议纪要.pdf”的文件已损坏');
    rmSync(stored);
    const gone = await bureau.core.call('evidence.open', { unit: TOWN, period: PERIOD, task: a.task, hash: ref.hash, name: ref.name });
    expect(gone.ok || gone.error.message).toContain('佐证材料“会议纪要.pdf”的文件不在本机');
    expect(gone.ok || gone.error.message).toContain('请该单位重新报送');
    // The same bytes attached twice under two names: each opens under its own name.
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task: a.task, name: '纪要副本.pdf', dataBase64: Buffer.from('%PDF-1.4 纪要').toString('base64') });
    const copy = await unit.core.run('evidence.open', { unit: TOWN, period: PERIOD, task: a.task, hash: ref.hash, name: '纪要副本.pdf' });
    expect(copy.fileName).toBe('纪要副本.pdf');
    expect((await unit.core.run('evidence.open', { unit: TOWN, period: PERIOD, task: a.task, hash: ref.hash, name: '会议纪要.pdf' })).fileName).toBe('会议纪要.pdf');
  });

  it('the cover’s (and the printed form’s) 填报人 and 联系电话 come from the newest report that has them', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进', filledBy: '张三', phone: '0531-84231234' } });
    // Saved later, without them.
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[1]!.task, report: { status: '正常推进' } });
    // The printed 单位填报表 says the same as the cover.
    const form = await unit.core.run('forms.render', { form: 'unit', period: PERIOD, unit: TOWN });
    expect(form.html).toContain('填报人：<u>张三</u>');
    expect(form.html).toContain('联系电话：<u>0531-84231234</u>');
    await importFiles(bureau.core, [await exportTo(unit.core, dir)]);
    const got = await bureau.core.run('reports.forUnit', { unit: TOWN, period: PERIOD });
    expect(got.tasks.slice(0, 2).map((t) => [t.report?.filledBy, t.report?.phone])).toEqual([
      ['张三', '0531-84231234'],
      ['张三', '0531-84231234'],
    ]);
  });

  it('a zip made on a Chinese Windows (GBK names, no UTF-8 flag): names read as made', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进' } });
    const book = readFileSync(await exportTo(unit.core, dir));
    const gbk = (s: string): Buffer => {
      // The GBK bytes of the few characters used here.
      const table: Record<string, number[]> = { 新: [0xd0, 0xc2], 市: [0xca, 0xd0], 镇: [0xd5, 0xf2], 佐: [0xd7, 0xf4], 证: [0xd6, 0xa4], 材: [0xb2, 0xc4], 料: [0xc1, 0xcf], 照: [0xd5, 0xd5], 片: [0xc6, 0xac] };
      return Buffer.concat([...s].map((ch) => Buffer.from(table[ch] ?? [...Buffer.from(ch)])));
    };
    const names = ['新市镇.xlsx', '佐证材料/照片.jpg'];
    // Zipped under ASCII names of the same length (no UTF-8 flag), then the names' bytes replaced by GBK.
    const placeholders = names.map((n, i) => {
      const ext = `.${n.split('.').pop()}`;
      return `${String.fromCharCode(65 + i).repeat(gbk(n).length - ext.length)}${ext}`;
    });
    const zip = Buffer.from(zipSync({ [placeholders[0]!]: book, [placeholders[1]!]: Buffer.from('jpeg') }));
    for (const [i, n] of names.entries()) {
      const from = Buffer.from(placeholders[i]!);
      for (let at = zip.indexOf(from); at >= 0; at = zip.indexOf(from, at + 1)) gbk(n).copy(zip, at);
    }
    const path = join(dir, '打包.zip');
    writeFileSync(path, zip);
    const r = await importFiles(bureau.core, [path]);
    expect(r.files.map((f) => [f.file.split('/').slice(-2).join('/'), f.status, f.errors.map((e) => e.message).join()])).toEqual([['打包.zip/新市镇.xlsx', 'imported', '']]);
    // Only names stored without the UTF-8 flag are read again: a flagged Latin-1 name stays as it is.
    const asLatin1 = Buffer.from('新市镇.xlsx', 'utf8').toString('latin1');
    expect(entryName(asLatin1, new Set([asLatin1]))).toBe('新市镇.xlsx');
    expect(entryName('äö.xlsx', new Set())).toBe('äö.xlsx');
  });

  it('writes text that looks like a formula as text, never as a formula', async () => {
    const { dir, unit, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进', progress: '=1+1' } });
    const wb = readBook(await exportTo(unit.core, dir));
    const ws = wb.Sheets['工作进展']!;
    const cell = Object.values(ws).find((c) => typeof c === 'object' && c !== null && 'v' in c && (c as { v: unknown }).v === '=1+1') as { t: string; f?: string };
    expect(cell.t).toBe('s');
    expect(cell.f).toBeUndefined();
    // Text entry cells are in the Text format: what a clerk types there (10月31日, 05318421234) stays as typed.
    expect((cell as { z?: string }).z).toBe('@');
    expect(wb.SheetNames).toEqual(['封面', '工作进展', '指标', '佐证材料', '机读信息']);
    expect(wb.Workbook?.Sheets?.[4]?.Hidden).toBe(1);
  });

  it('rows as tall as their texts (a spreadsheet program does not grow them), at most Excel’s tallest; a template’s with room to write', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    const lines = Array.from({ length: 8 }, (_, i) => `${i + 1}. 开展河湖巡查，整改问题点位。`).join('\n');
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进', progress: lines } });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[1]!.task, report: { status: '正常推进', progress: '长'.repeat(5000) } });
    const file = await exportTo(unit.core, dir);
    const heights = async (bytes: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('工作进展')!;
      return (r: number) => ws.getRow(r).height;
    };
    const h = await heights(readFileSync(file));
    // The header 完成比例（%） takes two lines in its column; eight lines of progress; a text longer than any row holds.
    expect(h(3)).toBeGreaterThan(24);
    // 15.5 pt a line: LibreOffice's Noto CJK (15.2), where 14.5 lost the last of 25 short lines.
    expect(h(4)).toBeGreaterThanOrEqual(6 + 15.5 * 8);
    expect(h(5)).toBe(409);
    // Written as fitted, not fixed: Excel fits the row again when the clerk edits a cell.
    const xml = Buffer.from(unzipSync(readFileSync(file))['xl/worksheets/sheet2.xml']!).toString('utf8');
    expect(xml).toMatch(/<row r="4" ht="[\d.]+">/);
    // 存在问题 turns red while 状态 is 进度滞后 and it is empty (the import refuses that file): on every task row.
    expect(xml).toContain(`<conditionalFormatting sqref="H4:H${3 + tasks.length}"><cfRule type="expression" dxfId="0" priority="1"><formula>AND(TRIM($E4)=&quot;进度滞后&quot;,LEN(TRIM($H4))=0)</formula></cfRule></conditionalFormatting>`);
    // The cover says what a cell can show.
    expect(Buffer.from(unzipSync(readFileSync(file))['xl/sharedStrings.xml']!).toString('utf8')).toContain('最多显示约 350 字（工作进展）或约 200 字（存在问题、下步计划）');
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const th = await heights(Buffer.from(t.dataBase64, 'base64'));
    expect(th(4)).toBeGreaterThanOrEqual(48);
  });

  it('on time or late by when the unit sent its file (its export), not when the bureau got round to importing it', async () => {
    const dir = tempDir('eco-sent-');
    // Exported 2021-10-04 10:00 (Beijing), the day before the deadline (2021-10-05); another unit exports on the 6th.
    const early = await newUnit(dir, TOWN, new Date('2021-10-04T02:00:00Z'));
    const late = await newUnit(dir, '济阳街道', new Date('2021-10-06T02:00:00Z'));
    // A computer whose clock is months behind: a time before the period began is no send time.
    const behind = await newUnit(dir, '济北街道', new Date('2021-06-01T00:00:00Z'));
    open.push(early.core, late.core, behind.core);
    await reportOne(early.core);
    await reportOne(late.core, '济阳街道');
    await reportOne(behind.core, '济北街道');
    const files = [await exportTo(early.core, dir), await exportTo(late.core, dir, '济阳街道'), await exportTo(behind.core, dir, '济北街道')];
    // The bureau imports both in one go on the 8th.
    const path = join(dir, 'bureau.db');
    const bureau = await Core.open(path, { create: true, now: () => new Date('2021-10-08T01:00:00Z') });
    open.push(bureau);
    await bureau.run('app.init', { role: 'bureau', firstPeriod: '2021-Q3' });
    // The import's report says it of each file, the dry run as it would stand; the command line too.
    const expected = [
      { state: 'on_time', at: '2021-10-04T02:00:00.000Z', deadline: '2021-10-05', onDay: false },
      { state: 'late', at: '2021-10-06T02:00:00.000Z', deadline: '2021-10-05', onDay: false },
      { state: 'late', at: '2021-10-08T01:00:00.000Z', deadline: '2021-10-05', onDay: false },
    ];
    expect((await importFiles(bureau, files, { dryRun: true })).files.map((f) => f.sent)).toEqual(expected);
    const report = await importFiles(bureau, files);
    expect(report.totals.imported).toBe(3);
    expect(report.files.map((f) => f.sent)).toEqual(expected);
    expect(report.files.map((f) => firstSentText(f.sent!))).toEqual(['首次报送按时', '首次报送逾期 1 天', '首次报送逾期 3 天']);
    // Imported again: unchanged, and still said.
    expect((await importFiles(bureau, files)).files.map((f) => [f.status, f.sent?.state])).toEqual([
      ['unchanged', 'on_time'],
      ['unchanged', 'late'],
      ['unchanged', 'late'],
    ]);
    const units = (await bureau.run('summary.get', { period: PERIOD })).units;
    expect(units.find((u) => u.unitName === TOWN)).toMatchObject({ state: 'on_time', submittedAt: '2021-10-04T02:00:00.000Z', firstReceivedAt: '2021-10-08T01:00:00.000Z' });
    expect(units.find((u) => u.unitName === '济阳街道')).toMatchObject({ state: 'late', submittedAt: '2021-10-06T02:00:00.000Z' });
    expect(units.find((u) => u.unitName === '济北街道')).toMatchObject({ state: 'late', submittedAt: '2021-10-08T01:00:00.000Z' });
    // The printed 报送情况统计表 says when each was sent, and by what rule.
    const form = await bureau.run('forms.render', { form: 'submissions', period: PERIOD });
    expect(form.html).toContain('2021年10月4日 10:00');
    expect(form.html).toContain(SENT_RULE);
  });

  it('an earlier revision that reaches the bureau after a later one is stale, but counts for when the unit first sent', async () => {
    const dir = tempDir('eco-sent2-');
    let now = new Date('2021-10-04T02:00:00Z');
    const unit = await Core.open(join(dir, 'unit.db'), { create: true, now: () => now });
    open.push(unit);
    await unit.run('app.init', { role: 'unit', unit: TOWN });
    await reportOne(unit);
    const r1 = await exportTo(unit, dir, TOWN, PERIOD, 'r1.xlsx');
    now = new Date('2021-10-06T02:00:00Z');
    const task = (await unit.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 60, progress: '更正' } });
    const r2 = await exportTo(unit, dir, TOWN, PERIOD, 'r2.xlsx');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => new Date('2021-10-08T01:00:00Z') });
    open.push(bureau);
    await bureau.run('app.init', { role: 'bureau', firstPeriod: '2021-Q3' });
    expect((await importFiles(bureau, [r2])).files[0]!.status).toBe('imported');
    // A stale file is said as such, without a verdict on time (it is not what counts).
    const staleOne = (await importFiles(bureau, [r1])).files[0]!;
    expect([staleOne.status, 'sent' in staleOne]).toEqual(['stale', false]);
    // Said with the version held and when it came, and the file's own.
    expect(staleOne.warnings).toContain('本系统已有该单位本周期更新的版本（第 2 版，2021年10月8日 09:00收到），此文件（第 1 版）只存档、不采用');
    const u = (await bureau.run('summary.get', { period: PERIOD })).units.find((x) => x.unitName === TOWN)!;
    expect(u).toMatchObject({ state: 'on_time', submittedAt: '2021-10-04T02:00:00.000Z', revision: 2 });
    // The content held is the later revision's; importing r1 again records nothing more.
    expect((await bureau.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.report!.progress).toBe('更正');
    expect((await importFiles(bureau, [r1])).files[0]!.status).toBe('stale');
    expect(bureau.ctx.store.submissions.forUnit(u.unit, PERIOD)).toHaveLength(2);
    // Its printed form is dated the day the content it shows was sent (the later revision's), not the first's nor today.
    const form = (await bureau.run('forms.render', { form: 'unit', unit: TOWN, period: PERIOD })).html;
    expect(form).toContain('填报日期：2021年10月6日');
  });

  it('a unit that numbers afresh (a new computer without the set-up file): between databases the export time decides, within one the revision', async () => {
    const dir = tempDir('eco-lineage-');
    let now = new Date('2021-10-04T02:00:00Z');
    const clock = { now: () => now };
    const progressOf = async (core: Core) => (await core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.report!.progress;
    /** The unit's first task saved with `progress` at `at` (its clock), and its workbook exported then. */
    const exportAt = async (core: Core, at: string, progress: string, name: string): Promise<string> => {
      now = new Date(at);
      const task = (await core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
      await core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 50, progress } });
      return exportTo(core, dir, TOWN, PERIOD, name);
    };
    const unitDb = async (name: string): Promise<Core> => {
      const core = await Core.open(join(dir, name), { create: true, ...clock });
      open.push(core);
      await core.run('app.init', { role: 'unit', unit: TOWN });
      return core;
    };
    const old = await unitDb('old.db');
    const a1 = await exportAt(old, '2021-10-04T02:00:00Z', '旧电脑第1版', 'a1.xlsx');
    const a2 = await exportAt(old, '2021-10-05T02:00:00Z', '旧电脑第2版', 'a2.xlsx');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => new Date('2021-10-08T01:00:00Z') });
    open.push(bureau);
    await bureau.run('app.init', { role: 'bureau', firstPeriod: '2021-Q3' });
    const send = async (file: string) => (await importFiles(bureau, [file])).files[0]!;
    expect(await send(a2)).toMatchObject({ status: 'imported', revision: 2 });

    // The unit's new computer, set up without the bureau's set-up file: its first export is revision 1 again.
    const fresh = await unitDb('new.db');
    const b1 = await exportAt(fresh, '2021-10-06T02:00:00Z', '新电脑上重新填写', 'b1.xlsx');
    const taken = await send(b1);
    expect(taken).toMatchObject({ status: 'updated', revision: 1 });
    expect(taken.warnings.join()).toContain('此文件（第 1 版，导出于2021年10月6日 10:00）与本系统已有的第 2 版（导出于2021年10月5日 10:00）出自该单位的不同数据库');
    expect(taken.warnings.join()).toContain('此文件较新，采用此文件');
    expect(await progressOf(bureau)).toBe('新电脑上重新填写');
    const held = (await bureau.run('summary.get', { period: PERIOD })).units.find((x) => x.unitName === TOWN)!;
    expect(held.revision).toBe(1);
    // The same file again is no news; the old computer's files are older, whatever their numbers.
    expect((await send(b1)).status).toBe('unchanged');
    expect((await send(a2)).status).toBe('stale');
    const late = await send(a1);
    expect(late.status).toBe('stale');
    expect(late.warnings.join()).toContain('此文件较早，只存档、不采用');
    expect(await progressOf(bureau)).toBe('新电脑上重新填写');

    // A file of the old computer numbered above the one held, but exported before it: older all the same.
    const above = await send(await exportAt(old, '2021-10-05T03:00:00Z', '旧电脑第3版', 'a3.xlsx'));
    expect(above).toMatchObject({ status: 'stale', revision: 3 });
    expect(above.warnings.join()).toContain('此文件（第 3 版，导出于2021年10月5日 11:00）与本系统已有的第 1 版');
    expect(await progressOf(bureau)).toBe('新电脑上重新填写');
    // Within one database the revision decides, even with its clock set back.
    const within = await send(await exportAt(fresh, '2021-10-02T02:00:00Z', '时钟拨回后的更正', 'b2.xlsx'));
    expect(within).toMatchObject({ status: 'updated', revision: 2 });
    expect(within.warnings.join()).not.toContain('不同数据库');
    expect(await progressOf(bureau)).toBe('时钟拨回后的更正');
    // A third computer whose clock is years ahead (an export after the bureau received it cannot be true): its time
    // tells nothing, and the numbers decide as before.
    const ahead = await send(await exportAt(await unitDb('ahead.db'), '2030-01-01T02:00:00Z', '时钟快了几年的电脑', 'c1.xlsx'));
    expect(ahead.status).toBe('stale');
    expect(ahead.warnings.join()).not.toContain('不同数据库');
    expect(await progressOf(bureau)).toBe('时钟拨回后的更正');
  });

  it('two different files of one revision: the one saved later is the newer, whichever comes last', async () => {
    const { dir, unit, bureau } = await setup();
    /** The first task row filled in and the file saved at `at`, as Excel would. */
    const filled = async (from: Buffer, name: string, progress: string, at: string): Promise<string> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(from as unknown as ArrayBuffer);
      const row = wb.getWorksheet('工作进展')!.getRow(4);
      row.getCell('E').value = '正常推进';
      row.getCell('G').value = progress;
      wb.modified = new Date(at);
      const path = join(dir, name);
      await wb.xlsx.writeFile(path);
      return path;
    };
    const progressOf = async (core: Core) => (await core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.report?.progress;
    // A template filled in twice (both revision 0): the draft arrives after the final version.
    const t = Buffer.from((await unit.core.run('exchange.template', { unit: TOWN, period: PERIOD })).dataBase64, 'base64');
    const draft = await filled(t, 'draft.xlsx', '第一稿：完成造林800亩', '2021-10-05T01:00:00Z');
    const final = await filled(t, 'final.xlsx', '修改稿：完成造林1200亩', '2021-10-08T01:00:00Z');
    const first = (await importFiles(bureau.core, [final])).files[0]!;
    expect(first.status).toBe('imported');
    // The template's other task left empty: named (most likely overlooked), taken as not filled in.
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((x) => x.task);
    expect(first.warnings).toContain(`模板中第 ${tasks[1]} 项任务没有填写（状态为空），按未填写处理：如该单位有进展要报，请其填写后重报`);
    const late = (await importFiles(bureau.core, [draft])).files[0]!;
    expect(late.status).toBe('stale');
    expect(late.warnings.join()).toContain('此文件与本系统已有的同一版本（第 0 版）内容不同，但保存于2021年10月5日 09:00，早于已有的文件（保存于2021年10月8日 09:00）');
    expect(await progressOf(bureau.core)).toBe('修改稿：完成造林1200亩');
    // The other way round, each in its turn.
    const other = await newBureau(tempDir('eco-same-rev-'));
    open.push(other.core);
    expect((await importFiles(other.core, [draft])).files[0]!.status).toBe('imported');
    const taken = (await importFiles(other.core, [final])).files[0]!;
    expect(taken.status).toBe('updated');
    expect(taken.warnings.join()).not.toContain('也已结束');
    expect(await progressOf(other.core)).toBe('修改稿：完成造林1200亩');
    // The same template filled in again in January: most likely last quarter's file reused for the next one; said.
    const reused = await filled(t, 'reused.xlsx', '四季度：完成冬季造林300亩', '2022-01-06T02:00:00Z');
    const again = (await importFiles(other.core, [reused])).files[0]!;
    expect(again.status).toBe('updated');
    expect(again.warnings.join()).toContain('此文件是2021年第三季度的填写模板，却保存于2022年1月6日 10:00（2021年第四季度也已结束）：可能是沿用旧文件填写了新一期的内容');
    // Not a template made after that quarter too (a unit reporting late): there is no older file it could be.
    const lateUnit = await newUnit(tempDir('eco-made-late-'), TOWN, new Date('2022-01-10T02:00:00Z'), PERIOD);
    open.push(lateUnit.core);
    const madeLate = Buffer.from((await lateUnit.core.run('exchange.template', { unit: TOWN, period: PERIOD })).dataBase64, 'base64');
    const lateFill = (await importFiles(other.core, [await filled(madeLate, 'made-late.xlsx', '补报：完成造林1300亩', '2022-01-11T02:00:00Z')])).files[0]!;
    expect(lateFill.status).toBe('updated');
    expect(lateFill.warnings.join()).not.toContain('也已结束');

    // The unit's export and a copy of it edited by hand a day later: the untouched export, arriving last, does not undo the edit.
    await reportOne(unit.core);
    const exported = await exportTo(unit.core, dir, TOWN, PERIOD, 'export.xlsx');
    const edited = await filled(readFileSync(exported), 'edited.xlsx', '领导审核后修改', '2021-10-04T02:00:00Z');
    const third = await newBureau(tempDir('eco-same-rev-'));
    open.push(third.core);
    expect((await importFiles(third.core, [edited])).files[0]!.status).toBe('imported');
    const undo = (await importFiles(third.core, [exported])).files[0]!;
    expect(undo.status).toBe('stale');
    expect(undo.warnings.join()).toContain('导出于2021年10月3日 10:00，早于已有的文件（保存于2021年10月4日 10:00）');
    expect(await progressOf(third.core)).toBe('领导审核后修改');
    // The export saved again in January as it was (opened and saved, nothing typed): not taken for a file filled in again.
    const fourth = await newBureau(tempDir('eco-resaved-late-'));
    open.push(fourth.core);
    const resaved = (await importFiles(fourth.core, [await filled(readFileSync(exported), 'resaved-late.xlsx', '按计划推进', '2022-01-06T02:00:00Z')])).files[0]!;
    expect(resaved.warnings).toContain('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致');
    expect(resaved.warnings.join()).not.toContain('也已结束');
  });

  it('a file saved again after export counts from that save (never before its export); one that does not say, from receipt', () => {
    const meta = { kind: 'unit', exportedAt: '2021-10-04T02:00:00Z' } as UnitWorkbookMeta;
    const by = (at: string | null, application = 'Microsoft Excel', isXlsx = true) => ({ at, application, isXlsx });
    expect(sentAt(meta, false, by('2021-10-09T00:00:00Z'))).toBe('2021-10-04T02:00:00.000Z');
    expect(sentAt(meta, true, by('2021-10-06T03:00:00Z'))).toBe('2021-10-06T03:00:00.000Z');
    expect(sentAt(meta, true, by('2021-10-01T00:00:00Z'))).toBe('2021-10-04T02:00:00.000Z');
    expect(sentAt(meta, true, by(null))).toBeNull();
    // Changed, but the save time is still the export's (openpyxl keeps it): the file does not say when.
    expect(sentAt(meta, true, by('2021-10-04T02:00:01Z'))).toBeNull();
    // LibreOffice's .xlsx carries local (China) time marked as UTC; its .xls and .ods do not.
    expect(sentAt(meta, true, by('2021-10-06T16:15:00Z', 'LibreOffice/7.4.7.2$Linux_X86_64'))).toBe('2021-10-06T08:15:00.000Z');
    expect(sentAt(meta, true, by('2021-10-06T08:15:00.000Z', 'LibreOffice/7.4.7.2$Linux_X86_64', false))).toBe('2021-10-06T08:15:00.000Z');
    // A template: from its save, unless that is still the time it was made.
    const template = { ...meta, kind: 'template' } as UnitWorkbookMeta;
    expect(sentAt(template, true, by('2021-10-05T01:00:00Z'))).toBe('2021-10-05T01:00:00.000Z');
    expect(sentAt(template, true, by('2021-10-04T02:00:00Z'))).toBeNull();
  });

  it('a unit on templates sends one, a corrected one, then the first again: the first is stale, said as the content received before (not as a workbook of the app)', async () => {
    const { dir, bureau } = await setup();
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const a = await filledTemplate(t.dataBase64, join(dir, 'a.xlsx'), { percent: 40 });
    const b = await filledTemplate(t.dataBase64, join(dir, 'b.xlsx'), { percent: 60 });
    expect((await importFiles(bureau.core, [a])).files[0]!.status).toBe('imported');
    expect((await importFiles(bureau.core, [b])).files[0]!.status).toBe('updated');
    const again = (await importFiles(bureau.core, [a])).files[0]!;
    expect(again.status).toBe('stale');
    expect(again.warnings).toContain('此文件的内容与本系统2021年10月3日 10:00收到的手填模板相同，此后已收到该单位更新的内容（手填模板，2021年10月3日 10:00收到）：此文件只存档、不采用');
    expect(again.warnings.join()).not.toContain('系统导出的工作簿');
  });

  it('last quarter’s template filled in again during this quarter, over what the unit sent before: said, naming both periods', async () => {
    const dir = tempDir('eco-rt-reused-');
    let now = new Date('2021-10-03T02:00:00Z');
    const bureau = await Core.open(join(dir, 'bureau.db'), { create: true, now: () => now });
    open.push(bureau);
    await bureau.run('app.init', { role: 'bureau', periodKind: 'quarter' });
    const t = await bureau.run('exchange.template', { unit: TOWN, period: PERIOD });
    const fill = (name: string, progress: string, saved: Date): Promise<string> => filledTemplate(t.dataBase64, join(dir, name), { progress, saved });
    const q3 = await fill('q3.xlsx', '三季度进展', new Date('2021-10-02T02:00:00Z'));
    expect((await importFiles(bureau, [q3])).files[0]!.warnings.join()).not.toContain('却保存于');
    // On 1 December (the fourth quarter under way) the clerk types the fourth quarter's progress over the same file.
    now = new Date('2021-12-02T02:00:00Z');
    const reused = await fill('q3-again.xlsx', '四季度进展', new Date('2021-12-01T02:00:00Z'));
    const r = (await importFiles(bureau, [reused])).files[0]!;
    expect(r.status).toBe('updated');
    expect(r.warnings).toContain(
      '此文件是2021年第三季度的填写模板，却保存于2021年12月1日（2021年第四季度期间，2021年第三季度的截止日期2021年10月5日已过），并将替换此前收到的2021年第三季度内容：如填写的是2021年第四季度的进展，请该单位用2021年第四季度的填写模板重新填报；如确是对2021年第三季度的更正，可不理会',
    );
  });

  it('a filled template after a workbook exported by the app is stale, and says why', async () => {
    const { dir, unit, bureau } = await setup();
    await reportOne(unit.core);
    expect((await importFiles(bureau.core, [await exportTo(unit.core, dir)])).files[0]!.status).toBe('imported');
    const t = await unit.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(t.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('工作进展')!;
    let statusCol = 0;
    let headRow = 0;
    ws.eachRow((row, r) => row.eachCell((c, col) => {
      if (!headRow && c.value === '状态') [headRow, statusCol] = [r, col];
    }));
    ws.getCell(headRow + 1, statusCol).value = '正常推进';
    const filled = join(dir, 'filled-template.xlsx');
    await wb.xlsx.writeFile(filled);
    const r = (await importFiles(bureau.core, [filled])).files[0]!;
    expect(r.status).toBe('stale');
    expect(r.warnings.join()).toContain('手工填写的模板（版本号 0）不会替代它');
    expect(r.warnings.join()).not.toContain('请核对内容');
  });

  it('demo data exported by mistake: the export says it is for practice, the bureau’s import that it is demo data', async () => {
    const dir = tempDir('eco-demo-');
    const unit = await newUnit(dir);
    const bureau = await newBureau(tempDir('eco-demo-b-'));
    try {
      await unit.core.run('demo.fill', { period: PERIOD });
      const f = await unit.core.run('exchange.exportUnit', { unit: TOWN, period: PERIOD });
      expect(f.warnings).toContainEqual(expect.stringMatching(/^第 [\d、]+ 项任务的填报内容仍是演示数据（【演示数据】），此文件只适合练习；正式报送前请改填实际内容后重新导出$/));
      const path = join(dir, f.fileName);
      writeFileSync(path, Buffer.from(f.dataBase64, 'base64'));
      const r = await importFiles(bureau.core, [path]);
      expect(r.files[0]!.status).toBe('imported');
      expect(r.files[0]!.warnings).toContainEqual(expect.stringMatching(/^第 [\d、]+ 项任务的填报内容是演示数据（【演示数据】），不是实际进展；请核实是否误报/));
    } finally {
      unit.core.close();
      bureau.core.close();
    }
  });

  it('a file of last quarter exported while this quarter is being reported, by a unit that has not sent this quarter: asked whether the period was the wrong one', async () => {
    const dir = tempDir('eco-wrong-period-');
    // Both owe from 2021-Q1 (by default the second quarter is nobody's: a file of it is refused, as the 起报周期 test shows).
    const unit = await newUnit(dir, TOWN, undefined, '2021-Q1');
    open.push(unit.core);
    await reportOne(unit.core, TOWN, '2021-Q2');
    const q2 = await exportTo(unit.core, dir, TOWN, '2021-Q2');
    const bureau = await newBureau(tempDir('eco-wrong-period-b-'), 'quarter', '2021-Q1');
    open.push(bureau.core);
    const f = (await importFiles(bureau.core, [q2])).files[0]!;
    expect(f.status).toBe('imported');
    expect(f.warnings).toContain('此文件是2021年第二季度的报送文件，却导出于2021年10月3日，正值2021年第三季度报送期间，而新市镇尚未报送2021年第三季度：是否选错了报送周期？如本想报送2021年第三季度，请其在填报时选择2021年第三季度后重新导出');
    // This quarter's own file: nothing of the kind.
    await reportOne(unit.core);
    const q3 = (await importFiles(bureau.core, [await exportTo(unit.core, dir)])).files[0]!;
    expect(q3.warnings.join()).not.toContain('是否选错了报送周期');
  });

  it('an export asks the lead unit for the indicator values it left empty (a 是/否 left blank comes back as a 退回)', async () => {
    const dir = tempDir('eco-blank-ind-');
    const lead = await newUnit(dir, '区城乡水务局');
    open.push(lead.core);
    const mine = (await lead.core.run('reports.forUnit', { unit: '区城乡水务局', period: PERIOD })).tasks;
    const led = mine.find((t) => t.role === 'lead' && t.task === 4)!;
    await lead.core.run('reports.save', { unit: '区城乡水务局', period: PERIOD, task: led.task, report: { status: '正常推进', progress: '推进河长制工作' } });
    const check = await lead.core.run('exchange.exportCheck', { unit: '区城乡水务局', period: PERIOD });
    expect(check.warnings).toContainEqual(expect.stringMatching(/^第 4 项“河长制湖长制长效管理体系建立”（本单位牵头）的指标数值还没有填写：区局会按未填处理，可能退回；请补填后重新导出$/));
    await lead.core.run('reports.save', { unit: '区城乡水务局', period: PERIOD, task: led.task, report: { status: '正常推进', progress: '推进河长制工作', indicators: { '4.1': false } } });
    expect((await lead.core.run('exchange.exportCheck', { unit: '区城乡水务局', period: PERIOD })).warnings.join()).not.toContain('第 4 项“河长制');
  });

  it('an export says what the clerk should know before sending it: tasks left empty, a status without 工作进展, last period copied and untouched, 是 without evidence', async () => {
    const { unit } = await setup();
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((t) => t.task);
    expect(tasks).toEqual([4, 6]);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 4, report: { status: '正常推进', indicators: { '4.1': true } } });
    const first = await unit.core.run('exchange.exportUnit', { unit: TOWN, period: PERIOD });
    expect(first.warnings).toEqual([
      '第 6 项任务本期还没有填写，导出的文件中该项任务为空',
      '第 4 项任务选了状态，但没有填写“工作进展”：区局汇总时这些任务没有进展说明，请补写本期做了什么后重新导出',
      '第 4 项“河长制湖长制长效管理体系建立”填了“是”，但没有附佐证材料；区局整理复核材料时会列为待补佐证，如有证明材料请添加后重新导出',
    ]);
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task: 4, name: '制度文件.pdf', dataBase64: Buffer.from('pdf').toString('base64') });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 4, report: { status: '正常推进', progress: '制度已印发', indicators: { '4.1': true } } });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 6, report: { status: '长期坚持', progress: '持续开展规划环评' } });
    expect((await unit.core.run('exchange.exportUnit', { unit: TOWN, period: PERIOD })).warnings).toBeUndefined();
    // A status and a 完成比例 that disagree: asked about, the file still made.
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 6, report: { status: '已完成', percent: 60, progress: '持续开展规划环评' } });
    expect((await unit.core.run('exchange.exportUnit', { unit: TOWN, period: PERIOD })).warnings).toEqual(['第 6 项任务的状态为“已完成”，完成比例却是 60%：请核对（已完成应为 100%）']);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 6, report: { status: '长期坚持', progress: '持续开展规划环评' } });
    // The next period begun by 复制上期 and sent as it is: said; once a task is edited, no longer.
    const next = '2021-Q4';
    await unit.core.run('reports.copyPrevious', { unit: TOWN, period: next });
    const copied = await unit.core.run('exchange.exportUnit', { unit: TOWN, period: next });
    expect(copied.warnings).toContain('第 4、6 项任务的内容是从上期复制的，复制后没有修改：请改为本期的实际进展后重新导出（内容确实未变的，可忽略此提示）');
    await unit.core.run('reports.save', { unit: TOWN, period: next, task: 6, report: { status: '长期坚持', progress: '第四季度完成两个项目的规划环评' } });
    expect((await unit.core.run('exchange.exportUnit', { unit: TOWN, period: next })).warnings).toContain('第 4 项任务的内容是从上期复制的，复制后没有修改：请改为本期的实际进展后重新导出（内容确实未变的，可忽略此提示）');
    // Tasks saved by different people: the file has one 填报人 (its cover: the last saved), said.
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: 6, report: { status: '长期坚持', progress: '持续开展规划环评', filledBy: '王芳' } });
    unit.core.close();
    const later = await Core.open(unit.path, { now: () => new Date(FIXED_NOW.getTime() + 3_600_000) });
    open.push(later);
    await later.run('reports.save', { unit: TOWN, period: PERIOD, task: 4, report: { status: '正常推进', progress: '制度已印发', indicators: { '4.1': true }, filledBy: '张伟', phone: '0531-84212345' } });
    const told = await later.run('exchange.exportUnit', { unit: TOWN, period: PERIOD });
    expect(told.warnings).toEqual(['各项任务的填报人不同（张伟：第 4 项；王芳：第 6 项），报送文件只写一个填报人：封面为最近保存的“张伟”，区局收到后各项任务的填报人都记为“张伟”']);
    // One person however the name was pasted (a wide space between, a tab from an Excel cell): not said.
    await later.run('reports.save', { unit: TOWN, period: PERIOD, task: 6, report: { status: '长期坚持', progress: '持续开展规划环评', filledBy: '张\u3000伟\t' } });
    expect(((await later.run('exchange.exportUnit', { unit: TOWN, period: PERIOD })).warnings ?? []).filter((w) => w.startsWith('各项任务的填报人不同'))).toEqual([]);
  });

  it('the cover’s 导出时间 is China time, as the app shows it', async () => {
    const { dir, unit, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进' } });
    const ws = readBook(await exportTo(unit.core, dir)).Sheets['封面']!;
    const cells = Object.values(ws).filter((c): c is { v: unknown } => typeof c === 'object' && c !== null && 'v' in c).map((c) => c.v);
    // FIXED_NOW is 2021-10-03T02:00:00Z: 10:00 in Beijing.
    expect(cells[cells.indexOf('导出时间') + 1]).toBe('2021年10月3日 10:00');
  });

  it('same file again → unchanged; newer revision → updated with history; older afterwards → stale', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    const task = tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', progress: '第一版' } });
    const v1 = await exportTo(unit.core, dir);
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '已完成', percent: 100, progress: '第二版' } });
    const v2 = await exportTo(unit.core, dir);
    expect((await importFiles(bureau.core, [v1])).files[0]!.status).toBe('imported');
    expect((await importFiles(bureau.core, [v1])).files[0]!.status).toBe('unchanged');
    const up = await importFiles(bureau.core, [v2]);
    expect(up.files[0]).toMatchObject({ status: 'updated', revision: 2 });
    const hist = await bureau.core.run('reports.history', { unit: TOWN, period: PERIOD, task });
    expect(hist.map((h) => h.data.progress)).toEqual(['第二版', '第一版']);
    const before = dumpDb(bureau.path);
    const stale = await importFiles(bureau.core, [v1]);
    expect(stale.files[0]).toMatchObject({ status: 'stale', revision: 1 });
    expect((await reportsOf(bureau.core)).find((r) => r.task === task)).toMatchObject({ progress: '第二版' });
    const after = dumpDb(bureau.path);
    expect(after.reports).toEqual(before.reports);
    expect(after.submissions).toEqual(before.submissions);
    const runs = await bureau.core.run('exchange.importRuns', {});
    expect(runs.map((r) => r.files[0]!.status)).toEqual(['stale', 'updated', 'unchanged', 'imported']);
  });

  it('command line: a bundle with evidence is a .zip, written beside the .xlsx asked for (never over a file)', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进' } });
    await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, name: '照片.jpg', dataBase64: Buffer.from('jpeg').toString('base64') });
    unit.core.close();
    bureau.core.close();
    open.length = 0;
    const args = ['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(dir, 'ev.xlsx')];
    const first = await cli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`已导出 ${join(dir, 'ev.zip')}`);
    expect(first.stdout).toContain('有佐证材料，报送文件是 .zip 压缩包');
    expect(existsSync(join(dir, 'ev.xlsx'))).toBe(false);
    const again = await cli(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已存在');
  });

  it('command line: export, import --json with the documented shape and exit codes, dry run writes nothing', async () => {
    const { dir, unit, bureau, tasks } = await setup();
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进' } });
    unit.core.close();
    bureau.core.close();
    open.length = 0;
    const out = join(dir, 'out.xlsx');
    // --out must say .xlsx or .zip, checked before anything is exported (no revision used up).
    const txt = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(dir, 'out.txt')]);
    expect(txt.code).toBe(1);
    expect(txt.stderr).toContain('--out 应以 .xlsx 或 .zip 结尾');
    expect(existsSync(join(dir, 'out.txt')) || existsSync(out)).toBe(false);
    // A folder that is a file: said in Chinese, naming the path.
    writeFileSync(join(dir, 'afile'), 'x');
    const blocked = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', join(dir, 'afile', 'out.xlsx')]);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(`无法写入“${join(dir, 'afile', 'out.xlsx')}”：路径中有一段是文件而不是文件夹`);
    const ex = await cli(['export', '--db', unit.path, '--unit', TOWN, '--period', PERIOD, '--out', out, '--json']);
    expect(ex.code).toBe(0);
    // The blocked export was refused before it counted a revision: this is the first.
    expect(ex.json()).toMatchObject({ path: out, revision: 1 });
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const before = dumpDb(bureau.path);
    // A dry run writes nothing, not even the daily backup of opening the database.
    rmSync(backupsDir(bureau.path), { recursive: true, force: true });
    const dry = await cli(['import', '--db', bureau.path, '--dry-run', '--json', out]);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, files: [{ status: 'imported' }] });
    expect(dumpDb(bureau.path)).toEqual(before);
    expect(existsSync(backupsDir(bureau.path))).toBe(false);
    // A path mistyped refuses the whole run, naming it where it was looked for: nothing imported.
    const typo = await cli(['import', '--db', bureau.path, '--json', out, join(dir, 'missing.xlsx')]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`找不到“${join(dir, 'missing.xlsx')}”（路径是否写错？），未导入任何文件`);
    expect(dumpDb(bureau.path)).toEqual(before);
    // Not a workbook at all: rejected, its error with sheet, row and column given as null.
    const junk = join(dir, '不是工作簿.xlsx');
    writeFileSync(junk, '这不是工作簿');
    const real = await cli(['import', '--db', bureau.path, '--json', out, junk]);
    expect(real.code).toBe(1);
    const j = real.json() as { files: { file: string; status: string; unit: string | null; period: string | null; revision: number | null; errors: unknown[]; warnings: string[] }[]; totals: Record<string, number> };
    expect(j.files.map((f) => f.status)).toEqual(['imported', 'rejected']);
    expect(j.files[0]).toMatchObject({ file: out, unit: 'Z10', period: PERIOD, revision: 1, errors: [], warnings: [] });
    expect(j.files[1]!.errors).toEqual([{ file: junk, sheet: null, row: null, column: null, message: expect.stringContaining('不是') }]);
    expect(existsSync(backupsDir(bureau.path))).toBe(true);
    expect(j.totals).toMatchObject({ imported: 1, rejected: 1, files: 2 });
    const human = await cli(['import', '--db', bureau.path, out]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('[无变化]');
    // The periods the files are for, as the import centre says them.
    expect(human.stdout).toContain('本次导入的报送周期：2021年第三季度（1 个单位）');
  });
});

import ExcelJS from 'exceljs';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { problemText, type ImportFileResult } from '../../shared/api/exchange';
import type { Core } from '../../electron/core/service';
import { machineSeal } from '../../electron/core/exchange/content';
import { evidenceNote, isEvidenceNote } from '../../electron/core/exchange/format';
import { CORPUS } from '../helpers/corpus';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { editedCopy, exportTo, importFiles, newUnit, PERIOD, TOWN } from './helpers';

let dir: string;
let unit: { core: Core; path: string };
let bureau: { core: Core; path: string };
let good: string;

beforeAll(async () => {
  dir = tempDir('eco-err-');
  unit = await newUnit(dir);
  bureau = await newBureau(dir);
  const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
  for (const t of tasks) await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: t.task, report: { status: '正常推进', percent: 50, progress: '推进中' } });
  good = await exportTo(unit.core, dir, TOWN, PERIOD, 'good.xlsx');
});
afterAll(() => {
  unit.core.close();
  bureau.core.close();
});

/** A copy of the good workbook with some cells changed by ExcelJS (as a hand edit would). */
const edited = (name: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> => editedCopy(good, join(dir, name), edit);

/**
 * 区委组织部's exported workbook opened for editing as a hand edit would: its
 * one task's row (row 4, every task reported) and its first indicator in %;
 * `org` to close.
 */
async function orgWorkbook(prefix: string, file: string) {
  const org = await newUnit(tempDir(prefix), '区委组织部');
  const view = await org.core.run('reports.forUnit', { unit: '区委组织部', period: PERIOD });
  for (const t of view.tasks) await org.core.run('reports.save', { unit: '区委组织部', period: PERIOD, task: t.task, report: { status: '正常推进', percent: 10, progress: '推进中' } });
  const src = await exportTo(org.core, dir, '区委组织部', PERIOD, file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(src) as unknown as ArrayBuffer);
  let indicatorRow = 0;
  wb.getWorksheet('指标')!.eachRow((r, n) => {
    if (r.getCell('D').value === '%' && !indicatorRow) indicatorRow = n;
  });
  expect(indicatorRow).toBeGreaterThan(0);
  return { org, wb, row: wb.getWorksheet('工作进展')!.getRow(4), ind: wb.getWorksheet('指标')!.getRow(indicatorRow) };
}

/** A machine sheet value changed, and the sheet sealed again: a file as another database (or plan, or clock) made it. */
function machine(wb: ExcelJS.Workbook, key: string, value: string): void {
  const ws = wb.getWorksheet('机读信息')!;
  const entries: [string, string][] = [];
  ws.eachRow((row) => {
    if (row.getCell(1).value === key) row.getCell(2).value = value;
    entries.push([String(row.getCell(1).value), String(row.getCell(2).value)]);
  });
  ws.eachRow((row) => {
    if (row.getCell(1).value === 'machine_hash') row.getCell(2).value = machineSeal(entries);
  });
}

/** Imports one file that must be refused; the database must not change. */
async function refused(path: string): Promise<ImportFileResult> {
  const before = dumpDb(bureau.path);
  const r = await importFiles(bureau.core, [path], { limits: { timeCapMs: 5000 } });
  expect(r.files).toHaveLength(1);
  expect(r.files[0]!.status).toBe('rejected');
  expect(dumpDb(bureau.path)).toEqual(before);
  return r.files[0]!;
}

describe('import refuses bad files with file, sheet, row, column and what was expected', () => {
  it('unknown unit', async () => {
    const f = await refused(await edited('unknown-unit.xlsx', (wb) => (machine(wb, 'unit_code', 'X99'), machine(wb, 'unit_name', '火星街道'))));
    expect(f.errors[0]).toMatchObject({ file: expect.stringContaining('unknown-unit.xlsx'), sheet: '机读信息', message: expect.stringContaining('“火星街道”（代码 ') });
    // What the bureau can do about it: add the unit, then import the file again.
    expect(f.errors[0]!.message).toMatch(/^“火星街道”（代码 [^）]+）不在本系统的填报单位名单中：如需接收其报送，请先在“设置”的“填报单位”中新增该单位，再导入此文件$/);
    // Said without the hidden sheet it was read from (nobody sees it); a problem in a cell, with its sheet, row and column.
    expect(problemText(f.errors[0]!)).toBe(f.errors[0]!.message);
    expect(problemText({ sheet: '工作进展', row: 5, column: 'G', message: '完成比例应为 0–100 的整数' })).toBe('“工作进展”表第 5 行 G 列：完成比例应为 0–100 的整数');
    expect(problemText({ sheet: '封面', message: '缺少单位' })).toBe('“封面”表：缺少单位');
    expect(problemText({ message: '文件是空的（0 字节）' })).toBe('文件是空的（0 字节）');
  });

  it('a cover that names another unit or period than the machine sheet (sent for the wrong period)', async () => {
    /** Sets the value right of a cover label, as someone would in Excel. */
    const cover = (wb: ExcelJS.Workbook, label: string, value: string): string => {
      let at = '';
      wb.getWorksheet('封面')!.eachRow((row) =>
        row.eachCell((c) => {
          if (c.value === label && !at) {
            const next = row.getCell(Number(c.col) + 1);
            next.value = value;
            at = next.address;
          }
        }),
      );
      return at;
    };
    let cell = '';
    const period = await refused(await edited('cover-period.xlsx', (wb) => (cell = cover(wb, '报送周期', '2021年第四季度'))));
    expect(period.errors).toEqual([
      expect.objectContaining({ sheet: '封面', row: Number(cell.slice(1)), column: cell[0], message: '封面上的报送周期“2021年第四季度”与工作簿所属的报送周期“2021年第三季度”不一致（可能沿用了别期的文件）：请与该单位核实后重新报送' }),
    ]);
    const unitName = await refused(await edited('cover-unit.xlsx', (wb) => (cell = cover(wb, '单位', '济北街道'))));
    expect(unitName.errors).toEqual([expect.objectContaining({ sheet: '封面', row: Number(cell.slice(1)), column: cell[0], message: expect.stringContaining('封面上的单位“济北街道”') })]);
    // Written as the period's code, or with spaces and full-width digits, it is the same period.
    for (const written of [' ２０２１年 第三季度 ', '2021年第3季度', '2021-Q3', '2021年三季度', '2021年7-9月', '2021年7月至9月', '2021年Q3', '2021q3', '2021年度第三季度', '2021年第三季度（7-9月）', '2021年第三季度(7月-9月)']) {
      const same = await importFiles(bureau.core, [await edited('cover-period-same.xlsx', (wb) => cover(wb, '报送周期', written))], { dryRun: true });
      expect(same.files[0]!.errors, written).toEqual([]);
    }
    // The unit with the district before it, 盖章 or 公章 after it, or its office's full name, is the same unit.
    for (const written of [`济阳区${TOWN}`, `${TOWN}（盖章）`, `${TOWN}人民政府`, `${TOWN}（公章）`, `济阳区${TOWN}人民政府（公章）`]) {
      const same = await importFiles(bureau.core, [await edited('cover-unit-same.xlsx', (wb) => cover(wb, '单位', written))], { dryRun: true });
      expect(same.files[0]!.errors, written).toEqual([]);
    }
    // Months that are not the quarter's are another period, in brackets too.
    const months = await refused(await edited('cover-months.xlsx', (wb) => cover(wb, '报送周期', '2021年10-12月')));
    expect(months.errors[0]!.message).toContain('封面上的报送周期“2021年10-12月”与工作簿所属的报送周期“2021年第三季度”');
    const bracketed = await refused(await edited('cover-months2.xlsx', (wb) => cover(wb, '报送周期', '2021年第三季度（10-12月）')));
    expect(bracketed.errors[0]!.message).toContain('封面上的报送周期“2021年第三季度（10-12月）”与工作簿所属的报送周期');
  });

  it('an empty workbook is no submission: a blank template, a workbook with every row cleared; nothing to export', async () => {
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const blank = join(dir, 'blank-template.xlsx');
    writeFileSync(blank, Buffer.from(t.dataBase64, 'base64'));
    expect((await refused(blank)).errors).toEqual([expect.objectContaining({ sheet: '工作进展', message: expect.stringContaining('空白的手工填写模板') })]);
    const cleared = await edited('cleared.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      ws.eachRow((row, r) => {
        if (r > 3) for (const c of ['E', 'F', 'G', 'H', 'I']) row.getCell(c).value = null;
      });
    });
    expect((await refused(cleared)).errors).toEqual([expect.objectContaining({ sheet: '工作进展', message: expect.stringContaining('空白的报送工作簿') })]);
    // The unit's own database with nothing reported for another period: no workbook to send.
    const none = await unit.core.call('exchange.exportUnit', { unit: TOWN, period: '2021-Q4' });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error).toMatchObject({ code: 'nothing_reported', message: expect.stringContaining('手工填写模板') });
  });

  it('是 and 否 marked √, ×, Y or N, and a status with a full stop after it: read as meant, the marks said', async () => {
    const water = await newUnit(tempDir('eco-err-marks-'), '区城乡水务局');
    try {
      await water.core.run('reports.save', { unit: '区城乡水务局', period: PERIOD, task: 4, report: { status: '正常推进', percent: 50, progress: '推进河长制工作', indicators: { '4.1': false } } });
      const src = await exportTo(water.core, dir, '区城乡水务局', PERIOD, 'marks.xlsx');
      const held = async (value: string, status = '正常推进') => {
        const path = await editedCopy(src, join(dir, 'marks-edited.xlsx'), (wb) => {
          wb.getWorksheet('指标')!.eachRow((row) => {
            if (row.getCell('B').value === '4.1') row.getCell('F').value = value;
          });
          wb.getWorksheet('工作进展')!.eachRow((row) => {
            if (row.getCell('A').value === 4 || row.getCell('A').value === '4') row.getCell('E').value = status;
          });
        });
        return (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
      };
      for (const [typed, meant] of [['√', '是'], ['Y', '是'], ['×', '否'], ['n', '否']] as const) {
        const f = await held(typed);
        expect(f.status, typed).not.toBe('rejected');
        expect(f.warnings.join(), typed).toMatch(new RegExp(`“指标”表中 F\\d+“${typed}”按“${meant}”导入：请与该单位核对（是否指标请填“是”或“否”）`));
      }
      // 是。 is 是: nothing to say.
      expect((await held('是。')).warnings.join()).not.toContain('按“是”导入');
      const refusedMark = await held('有');
      expect(refusedMark.status).toBe('rejected');
      expect(refusedMark.errors[0]!.message).toMatch(/应填“是”或“否”，现为“有”$/);
      // 已完成。 is 已完成 (the status list has no full stops); nothing said of the status.
      const stop = await held('是', '已完成。');
      expect(stop.errors).toEqual([]);
      expect(stop.warnings.join()).not.toContain('不在列表中');
      // A status typed short where it can mean one status only: read as that one, said by cell; 进行中 (正常推进 or
      // 进度滞后?) stays refused. (The report is lagging with no problem stated: 滞后 is refused for that, as 进度滞后 is.)
      const short = await held('是', '完成');
      expect(short.errors).toEqual([]);
      expect(short.warnings.join()).toMatch(/“工作进展”表中 E\d+“完成”按“已完成”导入：请与该单位核对（状态请从下拉列表中选择）/);
      const lagging = await held('是', '滞后');
      expect(lagging.errors.map((e) => e.message)).toEqual([expect.stringMatching(/状态为“进度滞后”时，必须填写“存在问题”/)]);
      const vague = await held('是', '进行中');
      expect(vague.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^状态“进行中”不在列表中/)]);
    } finally {
      water.core.close();
    }
  });

  it('text above a table’s header (a row inserted, a note after the title) and on the cover beside its fields is said, cell by cell: nothing typed is passed over unsaid', async () => {
    const path = await edited('notes-above.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      ws.spliceRows(3, 0, []);
      ws.getCell('G3').value = '补充说明：资金已于9月28日落实';
      const title = ws.getCell('A1');
      title.value = `${String(title.value)} 备注：初稿`;
      const ind = wb.getWorksheet('指标')!;
      ind.spliceRows(3, 0, []);
      ind.getCell('F3').value = '注：为9月监测值';
      const cover = wb.getWorksheet('封面')!;
      cover.getCell('B6').value = '张三';
      cover.getCell('C6').value = '（科长，手机13900000000）';
      cover.getCell('B11').value = '备注：另有纸质件';
      const files = wb.getWorksheet('佐证材料')!;
      files.spliceRows(3, 0, []);
      files.getCell('B3').value = '照片另行邮寄';
      files.getCell('E5').value = '见纸质件';
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    const said = r.warnings.join('\n');
    expect(said).toMatch(/“工作进展”表中 A1“重点任务进展情况表（2021年第三季度）…”、G3“补充说明：资金已于9月28日落实”不在任何填报栏内，不导入/);
    expect(said).toMatch(/“指标”表中 F3“注：为9月监测值”不在任何填报栏内，不导入/);
    expect(said).toMatch(/“封面”表中 C6“（科长，手机13900000000）”、B11“备注：另有纸质件”不在任何填报栏内，不导入（导入时原件一并存档）；如需报送，请该单位写入“填报人”“联系电话”两栏，或所属任务的“工作进展”后重报/);
    // The evidence list's title and its 填报单位：…。本期未附佐证材料。 are the app's: not said; so is its note of any
    // count of files, or a template's, as a spreadsheet may give it back; a note typed after it is not.
    for (const note of [evidenceNote('unit', 12), evidenceNote('template', 0), '共 3 项，文件随本工作簿一并报送(.zip 报送包的“佐证材料”文件夹)。']) expect(isEvidenceNote(note), note).toBe(true);
    expect(isEvidenceNote(`${evidenceNote('unit', 0)}照片另寄`)).toBe(false);
    expect(said).toMatch(/“佐证材料”表中 B3“照片另行邮寄”、E5“见纸质件”不在任何填报栏内，不导入（导入时原件一并存档）；如需报送，请该单位写入所属任务的“工作进展”（佐证材料清单只收所列文件）后重报/);
  });

  it('a task’s name typed over (a remark added to it) is said: the name is the app’s, the entries go to the task of the number', async () => {
    let no = 0;
    let title = '';
    const path = await edited('retitled.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      no = Number(ws.getCell('A4').value);
      title = String(ws.getCell('C4').value);
      ws.getCell('C4').value = `${title}（含耕地保护）`;
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(new RegExp(`“工作进展”表中 C4“[^”]+”（第 ${no} 项）的任务名称被改动，与任务清单不同：任务名称由本系统写入，改动不导入，内容按序号记入该任务；请与该单位核对`));
    // An untouched export says nothing of names.
    const plain = (await importFiles(bureau.core, [await edited('untouched.xlsx', () => {})], { dryRun: true })).files[0]!;
    expect(plain.warnings.join()).not.toContain('任务名称被改动');
  });

  it('the three text cells of a task merged across (one text typed for all three): read as 工作进展 only, said', async () => {
    let no = 0;
    const path = await edited('merged-across.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      no = Number(ws.getCell('A4').value);
      ws.getCell('H4').value = null;
      ws.getCell('I4').value = null;
      ws.getCell('G4').value = '勘界完成，问题无，下步报批';
      ws.mergeCells('G4:I4');
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain(`“工作进展”表中 G4:I4 合并了第 ${no} 项任务的“工作进展”“存在问题”“下步计划”，内容只记为“工作进展”，“存在问题”“下步计划”为空：请与该单位核对；如要分别报送，请其取消合并、分别填写后重报`);
  });

  it('the header row repeated between task rows (for printing) and a 行号 column before the table: passed over, nothing said of them', async () => {
    const path = await edited('print-layout.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      const header = Array.from({ length: 9 }, (_, k) => ws.getRow(3).getCell(k + 1).value);
      ws.spliceRows(5, 0, header);
      ws.spliceColumns(1, 0, ['', '', '行号', 1, '', 2]);
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings.join()).not.toMatch(/不在任何填报栏内|序号/);
    // The entries read as exported: only the file was saved again.
    expect(r.warnings).toContain('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致');
  });

  it('period not open (closed by the bureau)', async () => {
    await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: true });
    try {
      const f = await refused(good);
      expect(f.errors[0]!.message).toContain('已关闭');
      // A template made for it meanwhile says so as it is made: the filled one would be refused the same way.
      const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
      expect(t.warnings).toContain('2021年第三季度已关闭，导入时会拒收此期的报送文件：填好的模板导入前，请先在“设置”的“报送截止日期”中取消关闭');
    } finally {
      await bureau.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-05', closed: false });
    }
  });

  it('period not begun yet (its start said as a date people read)', async () => {
    // An open period's template says nothing of it.
    expect((await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD })).warnings ?? []).not.toContainEqual(expect.stringContaining('已关闭'));
    const f = await refused(await edited('future.xlsx', (wb) => machine(wb, 'period', '2022-Q1')));
    expect(f.errors.map((e) => e.message).join()).toContain('尚未开始（2022年1月1日开始）');
  });

  it('catalog version different', async () => {
    const f = await refused(await edited('old-catalog.xlsx', (wb) => machine(wb, 'catalog_version', 'jiyang-2019.1')));
    expect(f.errors[0]!.message).toContain('任务清单版本不同：工作簿为“jiyang-2019.1”，本系统为“jiyang-2021.1”，任务序号可能不一致。本系统没有采用过任务清单“jiyang-2019.1”');
  });

  it('not one of our workbooks; damaged; not a spreadsheet at all', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '序号';
    const foreign = join(dir, 'foreign.xlsx');
    writeFileSync(foreign, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    expect((await refused(foreign)).errors[0]!.message).toContain('不是本系统导出的单位报送工作簿');
    // Our workbook whose hidden sheet is gone (its sheets copied into a new file): said as such, and what to do.
    // What its cover says of unit and period is named, so the bureau knows whose file it is.
    const copied = await edited('copied.xlsx', (wb) => wb.removeWorksheet(wb.getWorksheet('机读信息')!.id));
    expect((await refused(copied)).errors[0]!.message).toBe(
      `看起来是单位报送工作簿（封面填的是单位“${TOWN}”，报送周期“2021年第三季度”），但缺少系统写入的隐藏信息（工作表被复制到了新文件中，或隐藏的表被删除），无法核对单位和报送周期：请该单位在系统导出的原文件或区局下发的模板上填写后重新报送，不要另存到新文件`,
    );
    // Its cover's period typed over by hand: said as typed (one line, without the zero-width space).
    const typed = await edited('copied-cover.xlsx', (wb) => {
      wb.removeWorksheet(wb.getWorksheet('机读信息')!.id);
      const cover = wb.getWorksheet('封面')!;
      cover.eachRow((row) => row.eachCell((cell) => {
        if (cell.value === '报送周期') row.getCell(Number(cell.col) + 1).value = ' 2021年\u200b三季度 ';
      }));
    });
    expect((await refused(typed)).errors[0]!.message).toContain(`（封面填的是单位“${TOWN}”，报送周期“2021年三季度”）`);
    const bytes = readFileSync(good);
    const damaged = join(dir, 'damaged.xlsx');
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await refused(damaged)).errors[0]!.message).toContain('损坏');
    const text = join(dir, 'notes.xlsx');
    writeFileSync(text, '这不是工作簿');
    expect((await refused(text)).errors[0]!.message).toContain('无法识别');
  });

  it('password-protected', async () => {
    // An .ods saved with a password: its manifest says so; its parts are encrypted (here: not deflate at all).
    const manifest = `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="2048"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/></manifest:encryption-data></manifest:file-entry>
</manifest:manifest>`;
    const enc = new TextEncoder();
    const ods = join(dir, '加密.ods');
    writeFileSync(ods, zipSync({ mimetype: [enc.encode('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': [Uint8Array.from({ length: 2048 }, (_, i) => (i * 131) % 256), { level: 0 }], 'META-INF/manifest.xml': enc.encode(manifest) }));
    expect((await refused(ods)).errors[0]!.message).toContain('打开密码');
    for (const name of ['pass_protected.xlsx', 'pass_protected.ods']) {
      expect((await refused(join(CORPUS, name))).errors[0]!.message).toContain('打开密码');
    }
  });

  it('status not in the list, percent out of range, text where a number belongs, 进度滞后 without a problem', async () => {
    const f = await refused(
      await edited('cells.xlsx', (wb) => {
        const ws = wb.getWorksheet('工作进展')!;
        ws.getCell('E4').value = '进行中';
        ws.getCell('F5').value = 101;
      }),
    );
    expect(f.errors).toEqual([
      expect.objectContaining({ sheet: '工作进展', row: 4, column: 'E', message: expect.stringContaining('状态“进行中”不在列表中') }),
      expect.objectContaining({ sheet: '工作进展', row: 5, column: 'F', message: expect.stringContaining('超出范围') }),
    ]);
    const g = await refused(
      await edited('cells2.xlsx', (wb) => {
        const ws = wb.getWorksheet('工作进展')!;
        ws.getCell('E4').value = '进度滞后';
        ws.getCell('H4').value = null;
        ws.getCell('F5').value = '大约一半';
      }),
    );
    expect(g.errors).toEqual([
      expect.objectContaining({ sheet: '工作进展', row: 4, column: 'H', message: expect.stringMatching(/^第 \d+ 项任务状态为“进度滞后”时，必须填写“存在问题”$/) }),
      expect.objectContaining({ sheet: '工作进展', row: 5, column: 'F', message: expect.stringContaining('应为数字') }),
    ]);
  });

  it('a renamed sheet: said once, with the sheets the file has; no follow-on errors', async () => {
    const f = await refused(
      await edited('renamed.xlsx', (wb) => {
        wb.getWorksheet('工作进展')!.name = '进展';
      }),
    );
    expect(f.errors.map((e) => e.message)).toEqual(['缺少“工作进展”工作表（文件中的工作表：封面、进展、指标、佐证材料），可能被改名或删除：请该单位改回原名，或重新导出后报送']);
  });

  it('a sheet renamed as its own title names it (工作进展情况, 指标完成情况) is read as that sheet, said; two such sheets are not guessed between', async () => {
    const path = await edited('renamed-title.xlsx', (wb) => {
      wb.getWorksheet('工作进展')!.name = '工作进展情况';
      wb.getWorksheet('指标')!.name = '指标完成情况';
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain('“工作进展情况”表按“工作进展”表读取，“指标完成情况”表按“指标”表读取（工作表被改了名）；请该单位以后不要改动工作表名称');
    // The entries read as exported (nothing else said changed).
    expect(r.warnings).toContain('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致');
    const two = await refused(
      await edited('renamed-twice.xlsx', (wb) => {
        wb.getWorksheet('工作进展')!.name = '工作进展情况';
        wb.addWorksheet('进展情况');
      }),
    );
    expect(two.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^缺少“工作进展”工作表（文件中的工作表：.*工作进展情况.*进展情况/)]);
  });

  it('a percentage typed in Excel (kept as 0.6 with a % format) is read as the number it shows', async () => {
    const { org, wb, row, ind } = await orgWorkbook('eco-pct-', 'org.xlsx');
    try {
      row.getCell('F').value = 0.555;
      row.getCell('F').numFmt = '0.0%';
      ind.getCell('F').value = 0.255;
      ind.getCell('F').numFmt = '0.0%';
      const id = String(ind.getCell('B').value);
      const path = join(dir, 'percent-typed.xlsx');
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      // 55.5% is not a whole percent: refused with that reason, where it is.
      const r = await importFiles(bureau.core, [path], { dryRun: true });
      expect(r.files[0]!.errors).toEqual([expect.objectContaining({ sheet: '工作进展', row: 4, column: 'F', message: '完成比例 55.5 不是整数，应为 0–100 的整数（如 56）' })]);
      row.getCell('F').value = 0.6;
      row.getCell('F').numFmt = '0%';
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const ok = await importFiles(bureau.core, [path]);
      expect(ok.files[0]!.status).toBe('imported');
      const got = await bureau.core.run('reports.forUnit', { unit: '区委组织部', period: PERIOD });
      expect(got.tasks.map((t) => t.report?.percent)).toEqual([60]);
      expect(got.tasks.flatMap((t) => Object.entries(t.report?.indicators ?? {})).find(([k]) => k === id)?.[1]).toBe(25.5);
    } finally {
      org.core.close();
    }
  });

  it('a fraction where a percentage belongs: 完成比例 0.5 is said to mean 50; an indicator of 0.186 is kept but said; invisible characters are not in the way', async () => {
    const { org, wb, row, ind } = await orgWorkbook('eco-frac-', 'org-frac.xlsx');
    try {
      row.getCell('F').value = 0.5;
      ind.getCell('F').value = 0.186;
      const name = String(ind.getCell('C').value);
      const path = join(dir, 'fraction.xlsx');
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const r = await importFiles(bureau.core, [path], { dryRun: true });
      expect(r.files[0]!.errors).toEqual([expect.objectContaining({ sheet: '工作进展', row: 4, column: 'F', message: '完成比例 0.5 不是整数，应为 0–100 的整数（如指 50%，请填 50）' })]);
      // The percent fixed; the status pasted from a chat program with a zero-width space after it.
      row.getCell('F').value = 50;
      row.getCell('E').value = '正常推进\u200b';
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const ok = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
      // (The bureau of these tests may hold this unit's file of the test before.)
      expect(ok.errors).toEqual([]);
      expect(['imported', 'updated']).toContain(ok.status);
      expect(ok.warnings).toContain(`指标“${name}”的数值为 0.186%：如指 18.6%，请该单位改填 18.6 后重报（百分比指标填 0–100 的数）`);
    } finally {
      org.core.close();
    }
  });

  it('an indicator filled in for a task without a status is refused, not dropped', async () => {
    const org = await newUnit(tempDir('eco-ind-'), '区委组织部');
    try {
      const view = await org.core.run('reports.forUnit', { unit: '区委组织部', period: PERIOD });
      await org.core.run('reports.save', { unit: '区委组织部', period: PERIOD, task: view.tasks[0]!.task, report: { status: '正常推进', percent: 10, progress: '推进中' } });
      const src = await exportTo(org.core, dir, '区委组织部', PERIOD, 'org-ind.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(src) as unknown as ArrayBuffer);
      // The task's row left empty; only its indicator filled in.
      for (const c of ['E', 'F', 'G', 'H', 'I']) wb.getWorksheet('工作进展')!.getRow(4).getCell(c).value = null;
      let row = 0;
      wb.getWorksheet('指标')!.eachRow((r, n) => {
        if (r.getCell('D').value === '%' && !row) row = n;
      });
      wb.getWorksheet('指标')!.getRow(row).getCell('F').value = 25;
      const path = join(dir, 'indicator-no-status.xlsx');
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const f = await refused(path);
      expect(f.errors).toEqual([expect.objectContaining({ sheet: '指标', row, column: 'F', message: expect.stringContaining('没有选择状态') })]);
    } finally {
      org.core.close();
    }
  });

  it('an indicator with text where a number belongs', async () => {
    const f = await refused(
      await edited('indicator.xlsx', (wb) => {
        const ws = wb.getWorksheet('指标')!;
        ws.getCell('F4').value = '很好';
      }),
    );
    expect(f.errors[0]).toMatchObject({ sheet: '指标', row: 4, column: 'F' });
  });

  it('rows sorted without their 序号 (a task’s entries beside another task’s number), or indicator rows without their 编号: refused, naming both, nothing filed under the wrong one', async () => {
    const rows: number[] = [];
    const f = await refused(
      await edited('sorted-without-no.xlsx', (wb) => {
        const ws = wb.getWorksheet('工作进展')!;
        ws.eachRow((r, n) => {
          if (typeof r.getCell(1).value === 'number') rows.push(n);
        });
        // B:I of the first two task rows swapped, A (序号) left where it was.
        const [a, b] = [ws.getRow(rows[0]!), ws.getRow(rows[1]!)];
        for (let c = 2; c <= 9; c++) {
          const v = a.getCell(c).value;
          a.getCell(c).value = b.getCell(c).value;
          b.getCell(c).value = v;
        }
      }),
    );
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
    const [t1, t2] = [tasks[0]!, tasks[1]!];
    expect(f.errors).toEqual([
      { file: expect.stringContaining('sorted-without-no.xlsx'), sheet: '工作进展', row: rows[0], column: 'A', message: `序号 ${t1.task} 与“重点任务”一栏不对应：序号 ${t1.task} 是“${t1.title}”，而这一行的重点任务是第 ${t2.task} 项“${t2.title}”（排序或剪切粘贴时没有带上序号一栏？）。为免内容记到别的任务下，此文件未导入：请该单位核对后重新报送` },
      { file: expect.stringContaining('sorted-without-no.xlsx'), sheet: '工作进展', row: rows[1], column: 'A', message: expect.stringContaining(`序号 ${t2.task} 与“重点任务”一栏不对应`) },
    ]);

    // 区自然资源局 reports two indicators; their 编号 swapped (the names and values stay on their rows).
    const res = await newUnit(tempDir('eco-err-ind-'), '区自然资源局');
    try {
      for (const t of (await res.core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD })).tasks) {
        await res.core.run('reports.save', { unit: '区自然资源局', period: PERIOD, task: t.task, report: { status: '正常推进', percent: 50, progress: '推进中' } });
      }
      const src = await exportTo(res.core, dir, '区自然资源局', PERIOD, 'res.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(src) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet('指标')!;
      const numeric: number[] = [];
      ws.eachRow((r, n) => {
        if (/^\d+\.\d+$/.test(String(r.getCell('B').value)) && r.getCell('D').value === '%') numeric.push(n);
      });
      expect(numeric.length).toBeGreaterThanOrEqual(2);
      const [x, y] = [ws.getRow(numeric[0]!), ws.getRow(numeric[1]!)];
      const [idX, idY] = [String(x.getCell('B').value), String(y.getCell('B').value)];
      x.getCell('B').value = idY;
      y.getCell('B').value = idX;
      x.getCell('F').value = 18.6;
      const path = join(dir, 'ids-swapped.xlsx');
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const g = await refused(path);
      expect(g.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
        ['指标', numeric[0], 'B'],
        ['指标', numeric[1], 'B'],
      ]);
      expect(g.errors[0]!.message).toMatch(new RegExp(`^编号 ${idY.replace('.', '\\.')} 与“指标”一栏不对应：编号 ${idY.replace('.', '\\.')} 是“.+”，而这一行的指标是“.+”（编号 ${idX.replace('.', '\\.')}）。为免数值记到别的指标下，此文件未导入：请该单位核对后重新报送$`));
    } finally {
      res.core.close();
    }
  });

  it('as clerks type by hand: a status with a full-width space inside is the status; a phone pasted as a number, and an indicator row deleted, are said', async () => {
    const res = await newUnit(tempDir('eco-err-hand-'), '区自然资源局');
    try {
      for (const t of (await res.core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD })).tasks) {
        await res.core.run('reports.save', { unit: '区自然资源局', period: PERIOD, task: t.task, report: { status: '正常推进', percent: 50, progress: '推进中', filledBy: '王五', phone: '0531-84219999' } });
      }
      const src = await exportTo(res.core, dir, '区自然资源局', PERIOD, 'res-hand.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(src) as unknown as ArrayBuffer);
      wb.getWorksheet('工作进展')!.getCell('E4').value = '正常\u3000推进';
      const cover = wb.getWorksheet('封面')!;
      let phoneCell = '';
      cover.eachRow((row) => row.eachCell((c) => {
        if (c.value === '联系电话') phoneCell = cover.getCell(c.row, c.col + 1).address;
      }));
      cover.getCell(phoneCell).value = 53184219999;
      const ind = wb.getWorksheet('指标')!;
      let gone = '';
      ind.eachRow((row, n) => {
        if (!gone && /^\d+\.\d+$/.test(String(row.getCell('B').value))) {
          gone = String(row.getCell('C').value);
          ind.spliceRows(n, 1);
        }
      });
      const path = join(dir, 'res-hand-edited.xlsx');
      writeFileSync(path, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
      const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
      expect(r.errors).toEqual([]);
      expect(r.warnings).toContain('封面上的联系电话“53184219999”是数字格式的单元格，开头的 0 可能已丢失（如区号 0531）：请与该单位核实电话号码');
      expect(r.warnings).toContainEqual(expect.stringMatching(new RegExp(`^“指标”表中没有指标“${gone}”（编号 \\d+\\.\\d+）的行（被删除了？），按未填写处理；如该单位有数值要报，请其恢复该行后重报$`)));
      // Not said of the workbook as exported.
      expect((await importFiles(bureau.core, [src], { dryRun: true })).files[0]!.warnings.join()).not.toMatch(/联系电话|被删除了/);
      // Two numbers, as clerks give them, are a 联系电话; a name beside the number is not (said with what was typed).
      for (const [typed, ok] of [
        ['0531-84231234、13805310000', true],
        ['0531-84231234；13805310000', true],
        ['13805310000（张科长）', false],
      ] as const) {
        cover.getCell(phoneCell).value = typed;
        const p = join(dir, 'res-phone.xlsx');
        writeFileSync(p, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
        const f = (await importFiles(bureau.core, [p], { dryRun: true })).files[0]!;
        if (ok) expect(f.status, typed).toBe('imported');
        else {
          expect(f.status).toBe('rejected');
          expect(f.errors).toContainEqual(
            expect.objectContaining({ sheet: '封面', message: `联系电话只能包含数字、空格、括号、加号、短横线、“转”，以及分隔两个号码的顿号、逗号、分号或斜线，且不超过 30 个字符（现为“${typed}”）` }),
          );
        }
      }
      // A number copied from WeChat or a contact card, with marks that take no space (zero-width spaces, direction
      // marks): taken without them, said (it had refused the whole file, quoting a number that looked right).
      for (const typed of ['138\u200B0531\u200B0000', '\u202D13805310000\u202C']) {
        cover.getCell(phoneCell).value = typed;
        const p = join(dir, 'res-phone-marks.xlsx');
        writeFileSync(p, Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
        const f = (await importFiles(bureau.core, [p], { dryRun: true })).files[0]!;
        expect([f.status, f.warnings.filter((w) => w.includes('看不见的格式字符'))], JSON.stringify(typed)).toEqual(['imported', [expect.stringMatching(/^“封面”表 B\d+ 的联系电话中有看不见的格式字符（从微信、网页或通讯录复制带入），导入时已去掉$/)]]);
      }
      // And the app's form takes what the import takes (the marks dropped, a CR of a list read on the command line a space).
      const task = (await res.core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD })).tasks[0]!.task;
      for (const phone of ['0531-84231234、13805310000', '0531-84231234；13805310000']) {
        await res.core.run('reports.save', { unit: '区自然资源局', period: PERIOD, task, report: { status: '正常推进', percent: 10, progress: '推进中', phone } });
      }
      const marked = await res.core.run('reports.save', { unit: '区自然资源局', period: PERIOD, task, report: { status: '正常推进', percent: 10, progress: '推进中', phone: '\u202D138\u200B0531\u200B0000\u202C', filledBy: '王五\r\n' } });
      expect([marked.phone, marked.filledBy]).toEqual(['13805310000', '王五 ']);
    } finally {
      res.core.close();
    }
  });

  it('a blank 序号: one error at its cell, naming the task its 重点任务 cell names; no follow-on errors', async () => {
    let row = 0;
    let title = '';
    const f = await refused(
      await edited('blank-no.xlsx', (wb) => {
        const ws = wb.getWorksheet('工作进展')!;
        ws.eachRow((r, n) => {
          if (!row && typeof r.getCell(1).value === 'number') {
            row = n;
            title = String(r.getCell(3).value);
            r.getCell(1).value = null;
          }
        });
      }),
    );
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.find((t) => t.title === title)!;
    expect(f.errors).toEqual([{ file: expect.stringContaining('blank-no.xlsx'), sheet: '工作进展', row, column: 'A', message: `序号为空，应填写任务序号（按“重点任务”一栏，应为 ${task.task}）` }]);
  });

  it('text typed outside the entry cells is said, cell by cell, never dropped unsaid; a note row under the table is refused where its text is', async () => {
    let last = 0;
    const path = await edited('remarks.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      ws.eachRow((r, n) => {
        if (typeof r.getCell(1).value === 'number') last = n;
      });
      ws.getCell('J3').value = '备注';
      ws.getCell(`J${last}`).value = '造林面积含补植300亩，请区局注意';
      ws.getCell(`A${last + 3}`).value = '备注';
      ws.getCell(`C${last + 3}`).value = '本表由张三填写';
      // Under the sign-off line (row last + 2), which is passed over; text typed into its row is said.
      ws.getCell(`H${last + 2}`).value = '已审核';
      const ind = wb.getWorksheet('指标')!;
      ind.getCell('G4').value = '数据来源：区林业站2021年9月统计';
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain(
      `“工作进展”表中 J${last}“造林面积含补植300亩，请区局注意”、H${last + 2}“已审核”、A${last + 3}“备注”、C${last + 3}“本表由张三填写”不在任何填报栏内，不导入（导入时原件一并存档）；如需报送，请该单位写入所属任务的“工作进展”“存在问题”或“下步计划”后重报`,
    );
    expect(r.warnings).toContain('“指标”表中 G4“数据来源：区林业站2021年9月统计”不在任何填报栏内，不导入（导入时原件一并存档）；如需报送，请该单位写入相关任务的“工作进展”（指标表只收“本期数值”）后重报');
    // Nothing of the sort in a workbook as exported.
    expect((await importFiles(bureau.core, [good], { dryRun: true })).files[0]!.warnings.join()).not.toContain('工作簿中另有');
    // A sheet added by hand (a copy of 工作进展 written in instead, a 备注 sheet): said by name, its content not read.
    const extra = await edited('extra-sheets.xlsx', (wb) => {
      wb.addWorksheet('工作进展 (2)').getCell('G5').value = '在副本里写的详细进展';
      wb.addWorksheet('备注').getCell('A1').value = '另有湿地保护工作';
    });
    const ew = (await importFiles(bureau.core, [extra], { dryRun: true })).files[0]!;
    expect(ew.warnings).toContain(
      '工作簿中另有“工作进展 (2)”、“备注”等表：本系统只读取“封面”“工作进展”“指标”“佐证材料”四张表，其他表中的内容不导入（导入时原件一并存档）；如其中写有本期的填报内容，请该单位写进相应的表后重报',
    );
    // A line of text under the table, in 工作进展's column: refused where it is, not at an empty 序号.
    const f = await refused(
      await edited('note-row.xlsx', (wb) => {
        wb.getWorksheet('工作进展')!.getCell(`G${last + 3}`).value = '注：以上情况属实';
      }),
    );
    expect(f.errors).toEqual([
      expect.objectContaining({ sheet: '工作进展', row: last + 3, column: 'G', message: `第 ${last + 3} 行不是任务行（没有序号和状态），但 G${last + 3}“注：以上情况属实” 有内容：请该单位把它写进所属任务的单元格，或删除这一行后重新报送` }),
    ]);
  });

  it('a task row deleted: taken as left empty and said, naming the task; the rest imported', async () => {
    let title = '';
    let no = 0;
    const path = await edited('row-deleted.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      let row = 0;
      ws.eachRow((r, n) => {
        if (typeof r.getCell(1).value === 'number') [row, no, title] = [n, Number(r.getCell(1).value), String(r.getCell(3).value)];
      });
      ws.spliceRows(row, 1);
    });
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain(`“工作进展”表中没有第 ${no} 项任务“${title}”的行（被删除了？），按未填写处理；如该单位有进展要报，请其恢复该行（序号 ${no}）后重报`);
  });

  it('a task row deleted while its indicator has a value: refused as the row deleted, not as a status not chosen', async () => {
    let task = 0;
    let name = '';
    const path = await edited('row-deleted-indicator.xlsx', (wb) => {
      const ind = wb.getWorksheet('指标')!;
      const r = ind.getRow(4);
      [task, name] = [Number(r.getCell(1).value), String(r.getCell(3).value)];
      r.getCell(6).value = String(r.getCell(4).value ?? '') === '' ? '是' : 1;
      const ws = wb.getWorksheet('工作进展')!;
      let row = 0;
      ws.eachRow((x, n) => {
        if (x.getCell(1).value === task) row = n;
      });
      expect(row).toBeGreaterThan(0);
      ws.spliceRows(row, 1);
    });
    expect(task).toBeGreaterThan(0);
    const f = await refused(path);
    expect(f.errors).toEqual([expect.objectContaining({ sheet: '指标', row: 4, column: 'F', message: `填写了指标“${name}”，但“工作进展”表中没有第 ${task} 项任务的行（被删除了？），指标数值无法导入：请该单位恢复该行（序号 ${task}）并选择状态后重新报送` })]);
  });

  it('a number typed into 目标 with 本期数值 left empty is said (most likely the value, one column early)', async () => {
    let name = '';
    const path = await edited('value-in-target.xlsx', (wb) => {
      const r = wb.getWorksheet('指标')!.getRow(4);
      name = String(r.getCell(3).value);
      r.getCell(5).value = '18.9';
      r.getCell(6).value = null;
    });
    const f = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(f.errors).toEqual([]);
    expect(f.warnings).toContain(`“指标”表中 E4“18.9”（指标“${name}”）的数字填在了“目标”一栏，“本期数值”却是空的：目标由本系统写入，不导入；如是本期数值，请该单位填入“本期数值”后重报`);
  });

  it('an untouched workbook with an indicator to equal 100% left empty says nothing of 目标 (the app wrote 100% there)', async () => {
    const dir2 = tempDir('eco-err-eq-');
    const health = await newUnit(dir2, '区卫生健康局');
    onTestFinished(() => health.core.close());
    const view = await health.core.run('reports.forUnit', { unit: '区卫生健康局', period: PERIOD });
    expect(view.tasks.map((t) => t.task)).toContain(12);
    for (const t of view.tasks) await health.core.run('reports.save', { unit: '区卫生健康局', period: PERIOD, task: t.task, report: { status: '正常推进', percent: 30, progress: '推进中' } });
    const path = await exportTo(health.core, dir2, '区卫生健康局', PERIOD, 'health.xlsx');
    const f = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect([f.status, f.errors]).toEqual(['imported', []]);
    expect(f.warnings.filter((w) => w.includes('“目标”一栏'))).toEqual([]);
  });

  it('an entry cell merged down over another task’s row: taken as both tasks’ and said', async () => {
    const path = await edited('merged-down.xlsx', (wb) => {
      const ws = wb.getWorksheet('工作进展')!;
      ws.getCell('G4').value = '两项任务一并推进';
      ws.mergeCells('G4:G5');
    });
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((t) => t.task);
    const r = (await importFiles(bureau.core, [path], { dryRun: true })).files[0]!;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toContain(`“工作进展”表中 G4:G5 合并，其内容同时记为第 ${tasks.slice(0, 2).join('、')} 项任务的“工作进展”：请与该单位核对（如只属于其中一项，请其取消合并后重报）`);
  });

  it('the program’s own failure while a file is stored: that file refused in words (the detail kept for support), no report written', async () => {
    const spy = vi.spyOn(bureau.core.ctx.store.reports, 'saveVersion').mockImplementation(() => {
      throw new Error('SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    });
    try {
      const before = dumpDb(bureau.path).reports;
      const r = await importFiles(bureau.core, [await edited('internal.xlsx', (wb) => (wb.getWorksheet('工作进展')!.getCell('G4').value = '触发内部错误的内容'))]);
      const f = r.files[0]!;
      expect(f.status).toBe('rejected');
      // Rolled back: no report written (the run and its rejected file are in the import history).
      expect(dumpDb(bureau.path).reports).toEqual(before);
      expect(f.errors[0]!.message).toBe('程序内部错误，此文件未导入（其余文件照常导入）；请把这条消息告知技术支持。详情：SQLite3 can only bind numbers, strings, bigints, buffers, and null');
    } finally {
      spy.mockRestore();
    }
  });

  it('a header renamed: the row it is in and the header it lacks', async () => {
    let row = 0;
    const f = await refused(
      await edited('header-renamed.xlsx', (wb) => {
        const ws = wb.getWorksheet('工作进展')!;
        ws.eachRow((r, n) => {
          r.eachCell((c) => {
            if (c.value === '状态') {
              row = n;
              c.value = '当前状况';
            }
          });
        });
      }),
    );
    // The header typed over is named where it is, with what it says now.
    expect(f.errors).toEqual([
      {
        file: expect.stringContaining('header-renamed.xlsx'),
        sheet: '工作进展',
        row,
        column: 'E',
        message: `表头行缺少“状态”（表头应包含：序号、状态、完成比例（%）、工作进展、存在问题、下步计划；E${row} 现为“当前状况”：表头文字被改动，请该单位改回原表头后重新报送）`,
      },
    ]);
  });

  it('two files in one run for the same unit and period with different content: both refused', async () => {
    const other = await edited('other.xlsx', (wb) => (wb.getWorksheet('工作进展')!.getCell('G4').value = '另一份内容'));
    const before = dumpDb(bureau.path);
    const r = await importFiles(bureau.core, [good, other]);
    expect(r.files.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(r.files[0]!.errors[0]!.message).toContain('other.xlsx');
    expect(dumpDb(bureau.path)).toEqual(before);
    // With a copy of the first beside them: each message names as different only the files that are.
    const copy = await edited('copy.xlsx', () => undefined);
    const three = await importFiles(bureau.core, [good, copy, other]);
    expect(three.files.map((f) => f.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const message = (i: number): string => three.files[i]!.errors[0]!.message;
    expect(message(0)).toMatch(/本次导入中“[^”]*other\.xlsx”（第 \d+ 版）也是.*与此文件内容不同（“[^”]*copy\.xlsx”（第 \d+ 版）与此文件内容相同）/);
    expect(message(2)).toMatch(/本次导入中“[^”]*good[^”]*”（第 \d+ 版）、“[^”]*copy\.xlsx”（第 \d+ 版）也是.*与此文件内容不同；/);
    // Two revisions exported by one unit database: still both refused (one run takes one content), the message
    // saying which is the unit's latest, to keep.
    const own = tempDir('eco-two-revisions-');
    const twice = await newUnit(own, '济北街道');
    const task = (await twice.core.run('reports.forUnit', { unit: '济北街道', period: PERIOD })).tasks[0]!.task;
    await twice.core.run('reports.save', { unit: '济北街道', period: PERIOD, task, report: { status: '正常推进', percent: 30, progress: '第一次' } });
    const r1 = await exportTo(twice.core, own, '济北街道', PERIOD, 'r1.xlsx');
    await twice.core.run('reports.save', { unit: '济北街道', period: PERIOD, task, report: { status: '正常推进', percent: 40, progress: '第二次' } });
    const r2 = await exportTo(twice.core, own, '济北街道', PERIOD, 'r2.xlsx');
    await twice.core.run('reports.save', { unit: '济北街道', period: PERIOD, task, report: { status: '正常推进', percent: 50, progress: '第三次' } });
    const r3 = await exportTo(twice.core, own, '济北街道', PERIOD, 'r3.xlsx');
    twice.core.close();
    const both = await importFiles(bureau.core, [r1, r2]);
    expect(both.files.map((f) => [f.status, f.revision])).toEqual([
      ['rejected', 1],
      ['rejected', 2],
    ]);
    for (const f of both.files) expect(f.errors[0]!.message).toContain('第 2 版是该单位最新导出的：请只保留第 2 版后重新导入');
    expect(dumpDb(bureau.path)).toEqual(before);
    // A folder kept for the period, imported again when the correction came: the file taken before is what is held,
    // no second content to choose from; the correction updates it. Later, two earlier exports of the database the held
    // content came from: older than it, archived as stale (not a choice between them).
    const inbox = await newBureau(tempDir('eco-inbox-again-'));
    expect((await importFiles(inbox.core, [r1])).files[0]!.status).toBe('imported');
    expect((await importFiles(inbox.core, [r1, r2])).files.map((f) => [f.status, f.revision])).toEqual([
      ['unchanged', 1],
      ['updated', 2],
    ]);
    expect((await importFiles(inbox.core, [r3])).files[0]!.status).toBe('updated');
    expect((await importFiles(inbox.core, [r1, r2])).files.map((f) => [f.status, f.revision])).toEqual([
      ['stale', 1],
      ['stale', 2],
    ]);
    inbox.core.close();
    // Another of this app's workbooks imported by mistake is said as what it is.
    const ledger = join(dir, '工作台账.xlsx');
    writeFileSync(ledger, Buffer.from((await unit.core.run('exchange.ledgerExport', { year: 2021 })).dataBase64, 'base64'));
    expect((await refused(ledger)).errors[0]!.message).toBe('这是本系统导出的工作台账，不是单位报送文件，不能导入；请导入各单位导出的报送文件（.xlsx，或带佐证材料的 .zip）');
    expect(dumpDb(bureau.path)).toEqual(before);
  });

  it('a file another program saved, then one of ours: each is read in its turn (no false timeout)', async () => {
    // The other program's file waits for SheetJS to load in a fresh worker (own limits: own pool);
    // ours, read at once by the fast reader, must not overtake it.
    const other = await edited('other-first.xlsx', (wb) => (wb.getWorksheet('工作进展')!.getCell('G4').value = '先到的另一份'));
    const before = dumpDb(bureau.path);
    const r = await importFiles(bureau.core, [other, good], { limits: { timeCapMs: 8000 } });
    expect(r.files.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    for (const f of r.files) expect(f.errors.map((e) => e.message).join()).toMatch(/内容不同/);
    expect(dumpDb(bureau.path)).toEqual(before);
    const same = await edited('same-content.xlsx', () => undefined);
    const ok = await importFiles(bureau.core, [same, good], { limits: { timeCapMs: 8000 } });
    expect(ok.files.map((f) => f.status)).toEqual(['imported', 'unchanged']);
    // The copy is said as one, naming the file it repeats (in a dry run too); the first is not.
    expect(ok.files[1]!.warnings[0]).toBe(`与本次导入中的“${same}”内容相同（重复的文件），只作记录`);
    expect(ok.files[0]!.warnings.join()).not.toContain('重复');
    const dry = await importFiles(bureau.core, [good, same], { dryRun: true });
    expect(dry.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
    expect(dry.files[0]!.warnings.join()).not.toContain('重复');
    expect(dry.files[1]!.warnings[0]).toBe(`与本次导入中的“${good}”内容相同（重复的文件），只作记录`);
  });

  it('a workbook over the size cap says by how much (21,000,000 bytes is 20.03 MB, over 20 MB)', async () => {
    const big = join(dir, 'big.xlsx');
    const bytes = Buffer.alloc(21_000_000);
    bytes.write('PK\u0003\u0004', 'latin1');
    writeFileSync(big, bytes);
    expect((await refused(big)).errors[0]!.message).toBe('文件过大（20.03 MB，上限 20 MB）');
  });

  it('zip bombs, too many entries, overlong parses', async () => {
    const bomb = join(dir, 'bomb.xlsx');
    writeFileSync(bomb, zipSync({ 'xl/workbook.xml': new TextEncoder().encode('<workbook/>'), 'xl/big.xml': new Uint8Array(60 * 1024 * 1024) }, { level: 9 }));
    expect((await refused(bomb)).errors[0]!.message).toContain('压缩炸弹');
    const many: Record<string, Uint8Array> = { 'xl/workbook.xml': new Uint8Array(1) };
    for (let i = 0; i < 2500; i++) many[`xl/f${i}.xml`] = new Uint8Array(1);
    const crowd = join(dir, 'crowd.xlsx');
    writeFileSync(crowd, zipSync(many, { level: 0 }));
    expect((await refused(crowd)).errors[0]!.message).toContain('文件过多');
    // A bomb of many parts, none of them inflating past the ratio (stored): the cap on the whole, a workbook's and a
    // received zip's (set low here, as the test's files are small).
    const wide: Record<string, Uint8Array> = { 'xl/workbook.xml': new TextEncoder().encode('<workbook/>') };
    for (let i = 0; i < 8; i++) wide[`xl/part${i}.xml`] = new Uint8Array(300 * 1024);
    const widePath = join(dir, 'wide.xlsx');
    writeFileSync(widePath, zipSync(wide, { level: 0 }));
    const mb2 = 2 * 1024 * 1024;
    expect((await importFiles(bureau.core, [widePath], { limits: { maxWorkbookUncompressed: mb2 } })).files[0]!.errors[0]!.message).toBe('工作簿解压后过大（2.34 MB，上限 2 MB），疑似被恶意改造（压缩炸弹），不予导入');
    const box = join(dir, 'box.zip');
    writeFileSync(box, zipSync({ 'a.bin': new Uint8Array(3 * 1024 * 1024), 'b.txt': new Uint8Array(10) }, { level: 0 }));
    const boxed = await importFiles(bureau.core, [box], { limits: { maxZipUncompressed: mb2 } });
    expect(boxed.files.map((f) => [f.status, f.errors[0]?.message])).toEqual([['rejected', expect.stringContaining('压缩包解压后过大（3.00 MB，上限 2 MB）')]]);
    const bundle = join(dir, 'bundle.zip');
    writeFileSync(bundle, zipSync({ 'a/bomb.xlsx': readFileSync(bomb), 'b.txt': new Uint8Array(10) }, { level: 0 }));
    const r = await importFiles(bureau.core, [bundle]);
    expect(r.files[0]).toMatchObject({ file: `${bundle}/a/bomb.xlsx`, status: 'rejected' });
    const before = dumpDb(bureau.path);
    const slow = await importFiles(bureau.core, [good], { limits: { timeCapMs: 1 } });
    expect(slow.files[0]!.errors[0]!.message).toContain('读取超时');
    expect(dumpDb(bureau.path)).toEqual(before);
    // In a run of several files, one the parser gave up on still shows whose it is (read from its machine sheet first).
    const copy = join(dir, 'good-copy.xlsx');
    copyFileSync(good, copy);
    const both = await importFiles(bureau.core, [good, copy], { limits: { timeCapMs: 1 } });
    for (const f of both.files) {
      expect(f).toMatchObject({ status: 'rejected', unitName: TOWN, period: PERIOD, revision: 1 });
      expect(f.errors[0]!.message).toContain('读取超时');
    }
    expect(dumpDb(bureau.path)).toEqual(before);
  });
});

import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportsOf, TOWN } from './helpers';

const run = promisify(execFile);
const SOFFICE = '/usr/bin/soffice';
const PYTHON = '/usr/bin/python3';
const hasSoffice = existsSync(SOFFICE);
const hasPython = existsSync(PYTHON);
if (!hasSoffice) console.warn('[real-clients] soffice not found: LibreOffice re-save test skipped');
if (!hasPython) console.warn('[real-clients] /usr/bin/python3 not found: openpyxl test skipped');

const open: Core[] = [];
afterAll(() => {
  for (const c of open) c.close();
});

async function convert(file: string, to: 'xlsx' | 'xls' | 'ods', dir: string): Promise<string> {
  const outDir = join(dir, `lo-${to}`);
  // One profile for the three conversions: LibreOffice's first start in a fresh profile is the slow part.
  const profile = `file://${join(dir, 'lo-profile')}`;
  await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, file], { timeout: 120_000 });
  const out = join(outDir, basename(file).replace(/\.xlsx$/, `.${to}`));
  if (!existsSync(out)) throw new Error(`soffice did not write ${out}`);
  return out;
}

describe('workbooks that went through real spreadsheet programs', () => {
  it.skipIf(!hasSoffice)('re-saved by LibreOffice as .xlsx, .xls and .ods: same content, with the "modified" warning', async () => {
    const dir = tempDir('eco-lo-');
    const unit = await newUnit(dir);
    const bureau = await newBureau(dir);
    open.push(unit.core, bureau.core);
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
    await unit.core.run('reports.save', {
      unit: TOWN,
      period: PERIOD,
      task: tasks[0]!.task,
      report: { status: '进度滞后', percent: 40, progress: '=A1+1 公式样文字\n第二行 🌳  两个空格 制表 _x0041_ ', problems: '-资金不足', next: ' +1 <b>&amp;</b> "引号" ', filledBy: ' 李四 ', phone: '0531-1234567' },
    });
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[1]!.task, report: { status: '长期坚持', progress: '+持续开展', filledBy: ' 李四 ', phone: '0531-1234567' } });
    const file = await exportTo(unit.core, dir, TOWN, PERIOD, 'unit.xlsx');
    const converted: string[] = [];
    for (const to of ['xlsx', 'xls', 'ods'] as const) converted.push(await convert(file, to, dir));
    const r = await importFiles(bureau.core, converted);
    expect(r.files.map((f) => [basename(f.file), f.status, f.errors])).toEqual([
      ['unit.xlsx', 'imported', []],
      ['unit.xls', 'unchanged', []],
      ['unit.ods', 'unchanged', []],
    ]);
    // The modified warning, saying what was modified: the file (saved again by LibreOffice), not what it says.
    for (const f of r.files) expect(f.warnings).toContain('文件在导出后被修改：被其他程序（Excel、WPS 或 LibreOffice）重新保存过；经核对，填报内容与导出时一致');
    // Nothing a re-save adds is taken for text typed outside the entry cells.
    for (const f of r.files) expect(f.warnings.join()).not.toContain('不在任何填报栏内');
    expect(await reportsOf(bureau.core)).toEqual(await reportsOf(unit.core));
    const subs = bureau.core.ctx.store.submissions.forUnit('Z10', PERIOD);
    expect(subs.map((s) => s.modifiedAfterExport)).toEqual([true]);
  });

  it.skipIf(!hasSoffice)('an .ods holding a date cell (read by SheetJS, not the fast reader) still says when it was saved: its unit is judged by that', async () => {
    const dir = tempDir('eco-lo-date-');
    // Exported on 1 October; saved again on the 2nd; imported on the 3rd.
    const unit = await newUnit(dir, TOWN, new Date('2021-10-01T02:00:00Z'));
    const bureau = await newBureau(dir);
    open.push(unit.core, bureau.core);
    const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: tasks[0]!.task, report: { status: '正常推进', percent: 40, progress: '推进中' } });
    const file = await exportTo(unit.core, dir, TOWN, PERIOD, 'dated.xlsx');
    // A date typed beside the table (the day the form was signed, say): the fast .ods reader steps aside for it.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const cell = wb.getWorksheet('工作进展')!.getCell('K1');
    cell.value = new Date(Date.UTC(2021, 9, 2));
    cell.numFmt = 'yyyy-mm-dd';
    await wb.xlsx.writeFile(file);
    const ods = await convert(file, 'ods', dir);
    // Saved on 2 October, 10:00 China time (ODF keeps local time without a zone), before the deadline and the import.
    const parts = unzipSync(readFileSync(ods));
    const meta = new TextDecoder().decode(parts['meta.xml']).replace(/<dc:date>[^<]*<\/dc:date>/, '<dc:date>2021-10-02T10:00:00</dc:date>');
    writeFileSync(ods, zipSync({ mimetype: [parts.mimetype!, { level: 0 }], ...Object.fromEntries(Object.entries(parts).filter(([n]) => n !== 'mimetype' && n !== 'meta.xml')), 'meta.xml': strToU8(meta) }));
    const r = await importFiles(bureau.core, [ods]);
    expect(r.files.map((f) => [f.status, f.errors])).toEqual([['imported', []]]);
    expect(r.files[0]!.warnings.join()).not.toContain('无法确定何时报送');
    expect(bureau.core.ctx.store.submissions.forUnit('Z10', PERIOD).map((s) => s.submittedAt)).toEqual(['2021-10-02T02:00:00.000Z']);
  });

  it.skipIf(!hasPython)('a hand-fill template filled in by openpyxl imports, marked as a template', async () => {
    const dir = tempDir('eco-tpl-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    const t = await bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD });
    const tpl = join(dir, 'template.xlsx');
    const filled = join(dir, 'filled.xlsx');
    writeFileSync(tpl, Buffer.from(t.dataBase64, 'base64'));
    const script = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cover = wb['封面']
for row in cover.iter_rows():
    for c in row:
        if c.value == '填报人': cover.cell(row=c.row, column=c.column + 1, value='王五')
        if c.value == '联系电话': cover.cell(row=c.row, column=c.column + 1, value='0531-7654321')
ws = wb['工作进展']
head = {c.value: c.column for c in ws[3]}
first = True
for r in range(4, ws.max_row + 1):
    if not isinstance(ws.cell(row=r, column=head['序号']).value, int): continue  # task rows only (not the sign-off line under them)
    ws.cell(row=r, column=head['状态'], value='已完成' if first else ' 正常推进 ')
    ws.cell(row=r, column=head['完成比例（%）'], value=100 if first else '60')
    c = ws.cell(row=r, column=head['工作进展'], value='=手工填写，以等号开头')
    c.data_type = 's'
    ws.cell(row=r, column=head['下步计划'], value='继续推进\\n第二行')
    first = False
ind = wb['指标']
ihead = {c.value: c.column for c in ind[3]}
for r in range(4, ind.max_row + 1):
    if ind.cell(row=r, column=ihead['编号']).value: ind.cell(row=r, column=ihead['本期数值'], value='是')
wb.save(sys.argv[2])
`;
    await run(PYTHON, ['-c', script, tpl, filled], { timeout: 60_000 });
    const r = await importFiles(bureau.core, [filled]);
    expect(r.files[0]).toMatchObject({ status: 'imported', unit: 'Z10', revision: 0, errors: [] });
    expect(r.files[0]!.warnings.join('')).toContain('手工填写的模板');
    expect(r.files[0]!.warnings.join('')).not.toContain('不在任何填报栏内');
    const reports = await reportsOf(bureau.core);
    expect(reports[0]).toMatchObject({ status: '已完成', percent: 100, progress: '=手工填写，以等号开头', next: '继续推进\n第二行', filledBy: '王五', phone: '0531-7654321' });
    expect(reports[1]).toMatchObject({ status: '正常推进', percent: 60 });
    expect(Object.values((reports[0] as { indicators: Record<string, unknown> }).indicators)).toContain(true);
  });

  /**
   * A unit's export (one task reported) edited by an openpyxl script (`edit`: Python lines with `wb` loaded and `ws` the
   * 工作进展 sheet, `head` its columns by header), and the bureau it goes to.
   */
  async function editedByOpenpyxl(name: string, edit: string): Promise<{ edited: string; bureau: Core; task: number }> {
    const dir = tempDir(`eco-${name}-`);
    const unit = await newUnit(dir);
    const bureau = await newBureau(tempDir(`eco-${name}-b-`));
    open.push(unit.core, bureau.core);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task, report: { status: '正常推进', percent: 40, progress: '推进中' } });
    const file = await exportTo(unit.core, dir, TOWN, PERIOD, 'unit.xlsx');
    const edited = join(dir, `${name}.xlsx`);
    const script = `import sys, openpyxl\nwb = openpyxl.load_workbook(sys.argv[1])\nws = wb['工作进展']\nhead = {c.value: c.column for c in ws[3]}\n${edit}\nwb.save(sys.argv[2])\n`;
    await run(PYTHON, ['-c', script, file, edited], { timeout: 60_000 });
    return { edited, bureau: bureau.core, task };
  }

  it.skipIf(!hasPython)('a formula openpyxl wrote (never calculated) is refused at its cell, not read as empty', async () => {
    const { edited, bureau } = await editedByOpenpyxl('formula', "ws.cell(row=4, column=head['完成比例（%）'], value='=40+20')");
    const r = await importFiles(bureau, [edited]);
    expect(r.files[0]).toMatchObject({ status: 'rejected' });
    expect(r.files[0]!.errors).toEqual([
      {
        file: edited,
        sheet: '工作进展',
        row: 4,
        column: 'F',
        message: '单元格中的公式“=40+20”没有计算结果（文件由程序写入，未经 Excel、WPS 或 LibreOffice 保存）：请该单位用其中之一打开、保存后重新报送，或直接填写完成比例（0–100 的整数）',
      },
    ]);
  });

  it.skipIf(!hasPython)('a formula never calculated in 状态 is one error at its cell (not also a status not in the list)', async () => {
    const { edited, bureau } = await editedByOpenpyxl('status-formula', "ws.cell(row=4, column=head['状态'], value='=\"正常\"&\"推进\"')");
    const r = await importFiles(bureau, [edited]);
    expect(r.files[0]!.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([['工作进展', 4, 'E']]);
    expect(r.files[0]!.errors[0]!.message).toMatch(/^单元格中的公式“="正常"&"推进"”没有计算结果/);
  });

  it.skipIf(!hasPython)('characters beyond U+FFFF openpyxl writes as numeric references (rare name characters, emoji) arrive as typed', async () => {
    const { edited, bureau, task } = await editedByOpenpyxl('astral', "ws.cell(row=4, column=head['工作进展'], value='𨭉村河道（𬇙河）清淤 👍 巡河 🌊 𠀀')\nwb['封面']['B6'] = '王𠀾𡈽'");
    // As openpyxl writes them: references, which SheetJS alone would decode to other characters.
    expect(Object.entries(unzipSync(readFileSync(edited))).some(([, b]) => /&#1[0-9]{5};/.test(Buffer.from(b).toString('utf8')))).toBe(true);
    const r = await importFiles(bureau, [edited]);
    expect(r.files[0], JSON.stringify(r.files[0]!.errors)).toMatchObject({ status: 'imported' });
    const held = (await reportsOf(bureau)).find((x) => x.task === task)!;
    expect([held.progress, held.filledBy]).toEqual(['𨭉村河道（𬇙河）清淤 👍 巡河 🌊 𠀀', '王𠀾𡈽']);
  });

  it.skipIf(!hasSoffice)('the sign-off line prints on the page of the last task in LibreOffice, however long that task’s text', async () => {
    // 区自然资源局's six tasks with 300 characters each fill several pages; a last task of 100 characters left the
    // sign-off alone on the last, under the repeated header.
    const dir = tempDir('eco-signoff-');
    const unit = await newUnit(dir, '区自然资源局');
    open.push(unit.core);
    const tasks = (await unit.core.run('reports.forUnit', { unit: '区自然资源局', period: PERIOD })).tasks.map((t) => t.task);
    // [the other tasks' length, the last task's]
    const lengths = [[300, 7], [300, 60], [300, 100], [300, 140], [300, 250], [20, 7]] as const;
    const files: string[] = [];
    for (const [other, n] of lengths) {
      for (const [i, task] of tasks.entries()) {
        const progress = i === tasks.length - 1 ? '完成岸线核查。'.repeat(40).slice(0, n) : '本季度完成巡查，整改问题三处，推进有序。'.repeat(20).slice(0, other);
        await unit.core.run('reports.save', { unit: '区自然资源局', period: PERIOD, task, report: { status: '正常推进', percent: 70, progress, problems: '无', next: '持续巡查' } });
      }
      files.push(await exportTo(unit.core, dir, '区自然资源局', PERIOD, `last-${other}-${n}.xlsx`));
    }
    // The break is there when the reckoning needs it, and only then (short texts print on two pages as they fall).
    const breaks = files.map((f) => /<rowBreaks count="1" manualBreakCount="1"><brk id="(\d+)"/.exec(Buffer.from(unzipSync(readFileSync(f))['xl/worksheets/sheet2.xml']!).toString('utf8'))?.[1]);
    expect(breaks).toContain(String(3 + tasks.length - 1));
    expect(breaks).toContain(undefined);
    await run(SOFFICE, [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, 'pdf'), ...files], { timeout: 180_000 });
    for (const [other, n] of lengths) {
      const pages = (await run('pdftotext', ['-layout', join(dir, 'pdf', `last-${other}-${n}.pdf`), '-'])).stdout.split('\f');
      const signOff = pages.find((p) => p.includes('单位负责人（签字）'));
      expect(signOff, `last task of ${n} characters after ${other}`).toContain('完成岸线核查');
    }
  }, 240_000);

  it.skipIf(!hasSoffice)('every workbook prints its texts at 9 pt or near it in LibreOffice (A4, A3 for the wide ledgers)', async () => {
    const dir = tempDir('eco-print-');
    const bureau = await newBureau(dir);
    open.push(bureau.core);
    await bureau.core.run('demo.fill', { period: PERIOD });
    const books: [string, Promise<{ dataBase64: string }>][] = [
      ['unit', bureau.core.run('exchange.exportUnit', { unit: '区自然资源局', period: PERIOD })],
      ['template', bureau.core.run('exchange.template', { unit: TOWN, period: PERIOD })],
      ['summary', bureau.core.run('exchange.summaryExport', { period: PERIOD })],
      ['ledger', bureau.core.run('exchange.ledgerExport', { year: 2021 })],
      ['evidence', bureau.core.run('exchange.evidencePackage', { period: PERIOD })],
      ['setup', bureau.core.run('exchange.setupExport', {})],
    ];
    const files: string[] = [];
    for (const [name, book] of books) {
      const bytes = Buffer.from((await book).dataBase64, 'base64');
      // The evidence package is a zip: its 目录 workbook is the one printed.
      const xlsx = name === 'evidence' ? Buffer.from(Object.entries(unzipSync(bytes)).find(([n]) => n.endsWith('.xlsx'))![1]) : bytes;
      files.push(join(dir, `${name}.xlsx`));
      writeFileSync(files[files.length - 1]!, xlsx);
    }
    const profile = `file://${join(dir, 'lo-profile')}`;
    await run(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', join(dir, 'pdf'), ...files], { timeout: 180_000 });
    const sizes: Record<string, { size: number; paper: string }> = {};
    for (const f of files) {
      const name = basename(f, '.xlsx');
      const pdf = join(dir, 'pdf', `${name}.pdf`);
      // Each word of two or more Chinese characters, its width per character: a CJK glyph is one em wide, so that is the
      // printed size. On each page the most common one is the body text's (titles and headers are fewer); the smallest
      // page's counts (a page of a few words, such as a cover, is left out).
      const bbox = (await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
      let body = Infinity;
      for (const page of bbox.split('<page ').slice(1)) {
        const counts = new Map<number, number>();
        for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([\u4e00-\u9fff]{2,})<\/word>/g)) {
          const w = Math.round(((Number(m[2]) - Number(m[1])) / m[3]!.length) * 10) / 10;
          counts.set(w, (counts.get(w) ?? 0) + 1);
        }
        const [common, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [Infinity, 0];
        if (n >= 5) body = Math.min(body, common);
      }
      const info = (await run('pdfinfo', [pdf])).stdout;
      sizes[name] = { size: body, paper: /Page size:.*\((\w+)\)/.exec(info)?.[1] ?? '?' };
    }
    // Body texts are 10.5 pt; they printed at 6.4 pt (unit workbook) and 4 pt (ledger) when the columns were wider than the page.
    for (const [name, s] of Object.entries(sizes)) {
      expect(s.size, `${name}: ${JSON.stringify(sizes)}`).toBeGreaterThanOrEqual(8.9);
      expect(s.size, `${name}: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(10.6);
    }
    expect(Object.fromEntries(Object.entries(sizes).map(([n, s]) => [n, s.paper]))).toEqual({ unit: 'A4', template: 'A4', summary: 'A4', ledger: 'A3', evidence: 'A3', setup: 'A4' });
  }, 240_000);
});


/**
 * Real files are messy (review of the import, second round): dates typed into
 * text cells in either date system, numbers shown as percentages, values
 * hidden under merged cells, a sheet name with a trailing space, one far cell,
 * a task left empty in a newer file. Each made by editing the XML of a real
 * export, read both by our fast reader (the file still names our app) and by
 * SheetJS (it names WPS).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD } from './helpers';

const UNIT = '济阳街道';
let dir: string;
let unit: Core;
let file: string;
/** The first two task rows of the progress sheet (row 4 and 5) and their tasks. */
let tasks: [number, number];

beforeAll(async () => {
  dir = tempDir('eco-messy-');
  unit = (await newUnit(dir, UNIT)).core;
  await unit.run('demo.fill', { period: PERIOD });
  tasks = (await unit.run('reports.forUnit', { unit: UNIT, period: PERIOD })).tasks.slice(0, 2).map((t) => t.task) as [number, number];
  file = await exportTo(unit, dir, UNIT);
});
afterAll(() => unit.close());

type Parts = Record<string, string>;
const PROGRESS = 'xl/worksheets/sheet2.xml';
const COVER = 'xl/worksheets/sheet1.xml';

/** The export with its XML parts edited; `foreign`: saved by "WPS" (read by SheetJS, not our fast reader). */
function edited(name: string, edit: (p: Parts) => void, foreign = false): string {
  const zip = unzipSync(readFileSync(file));
  const parts: Parts = {};
  for (const [k, v] of Object.entries(zip)) if (k.endsWith('.xml') || k.endsWith('.rels')) parts[k] = strFromU8(v);
  edit(parts);
  if (foreign) parts['docProps/app.xml'] = parts['docProps/app.xml']!.replace(/<Application>[^<]*<\/Application>/, '<Application>WPS 表格</Application>');
  for (const [k, v] of Object.entries(parts)) zip[k] = strToU8(v);
  const out = join(dir, `${name}${foreign ? '-wps' : ''}.xlsx`);
  writeFileSync(out, zipSync(zip));
  return out;
}

/** A cell replaced by `xml` (its whole <c> element). */
function setCell(p: Parts, part: string, ref: string, xml: string): void {
  const re = new RegExp(`<c r="${ref}"[^>]*?(?:/>|>.*?</c>)`);
  expect(re.test(p[part]!), `${part} ${ref}`).toBe(true);
  p[part] = p[part]!.replace(re, xml);
}

/** A cell style with number format `id` appended to the styles; returns its index. */
function addStyle(p: Parts, numFmtId: number): number {
  const m = /<cellXfs count="(\d+)">/.exec(p['xl/styles.xml']!)!;
  const n = Number(m[1]);
  p['xl/styles.xml'] = p['xl/styles.xml']!.replace(m[0], `<cellXfs count="${n + 1}">`).replace('</cellXfs>', `<xf numFmtId="${numFmtId}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>`);
  return n;
}

async function importOne(path: string) {
  const bureau = await newBureau(tempDir('eco-messy-b-'));
  try {
    const r = await importFiles(bureau.core, [path]);
    const view = await bureau.core.run('reports.forUnit', { unit: UNIT, period: PERIOD });
    return { file: r.files[0]!, report: (task: number) => view.tasks.find((t) => t.task === task)!.report };
  } finally {
    bureau.core.close();
  }
}

describe.each([false, true])('messy real files (saved by WPS: %s)', (foreign) => {
  it('two columns headed alike (工作进展 and 工作进展（三季度更新）) are refused, naming both: reading the first would drop the other', async () => {
    const path = edited('two-headed', (p) => {
      // The 类别 column (B) headed as a second 工作进展, with a remark in brackets.
      setCell(p, PROGRESS, 'B3', '<c r="B3" t="inlineStr"><is><t>工作进展（三季度更新）</t></is></c>');
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors).toEqual([
      expect.objectContaining({ sheet: '工作进展', row: 3, column: 'G', message: '表头有两栏都是“工作进展”（B3“工作进展（三季度更新）”、G3“工作进展”）：不知道哪一栏是本期填报的内容，为免内容记错，此文件未导入：请该单位删去或改名其中一栏后重新报送' }),
    ]);
  });

  it('headers retyped as clerks write them (工作进展情况, 存在的问题, 下步工作计划) are the headers they mean; one beside the header itself is refused as two alike', async () => {
    const path = edited('synonyms', (p) => {
      setCell(p, PROGRESS, 'G3', '<c r="G3" t="inlineStr"><is><t>工作进展情况</t></is></c>');
      setCell(p, PROGRESS, 'H3', '<c r="H3" t="inlineStr"><is><t>存在的问题</t></is></c>');
      setCell(p, PROGRESS, 'I3', '<c r="I3" t="inlineStr"><is><t>下步工作计划</t></is></c>');
    }, foreign);
    const plain = await importOne(file);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    for (const t of tasks) expect(report(t)).toMatchObject({ progress: plain.report(t)!.progress, problems: plain.report(t)!.problems, next: plain.report(t)!.next });
    const both = edited('synonym-twice', (p) => setCell(p, PROGRESS, 'B3', '<c r="B3" t="inlineStr"><is><t>工作进展情况</t></is></c>'), foreign);
    const { file: g } = await importOne(both);
    expect(g.status).toBe('rejected');
    expect(g.errors[0]!.message).toContain('表头有两栏都是“工作进展”（B3“工作进展情况”、G3“工作进展”）');
  });

  it('an error value in a text cell says what the clerk most likely did (text taken for a formula, a picture in the cell)', async () => {
    const path = edited('error-cells', (p) => {
      setCell(p, PROGRESS, 'G4', '<c r="G4" t="e"><v>#NAME?</v></c>');
      setCell(p, PROGRESS, 'H4', '<c r="H4" t="e"><v>#VALUE!</v></c>');
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors.map((e) => [e.column, e.message])).toEqual([
      ['G', '单元格是错误值“#NAME?”，应填写内容（以 =、+、- 开头的文字被当成了公式：请在开头加英文单引号，或把单元格格式设为“文本”后重新输入）'],
      ['H', '单元格是错误值“#VALUE!”，应填写内容（可能是放进单元格的图片，或以 = 开头的文字被当成了公式：图片请删除，照片作为佐证材料报送）'],
    ]);
  });

  it('a picture placed in a cell (WPS’s 嵌入单元格: =DISPIMG) is no text: the cell read as empty, and said', async () => {
    const path = edited('dispimg', (p) => {
      setCell(p, PROGRESS, 'G4', '<c r="G4" t="str"><f>_xlfn.DISPIMG("ID_8F2A0B1C3D4E",1)</f><v>=DISPIMG("ID_8F2A0B1C3D4E",1)</v></c>');
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect(report(tasks[0])!.progress).toBe('');
    expect(f.warnings).toContain('“工作进展”表 G4 中是放进单元格的图片（WPS 的“嵌入单元格”），图片不能作为文字导入，这些单元格按空白处理：请与该单位核对，照片请作为佐证材料报送');
  });

  it('a date typed into a text cell is the date shown, in either date system', async () => {
    for (const [system, serial] of [
      ['1900', 44470],
      ['1904', 43008],
    ] as const) {
      const path = edited(`date-${system}`, (p) => {
        // 31: the Chinese built-in yyyy"年"m"月"d"日" (no format code in the file); 22: m/d/yy h:mm.
        const date = addStyle(p, 31);
        const dateTime = addStyle(p, 22);
        if (system === '1904') p['xl/workbook.xml'] = p['xl/workbook.xml']!.replace('<workbookPr/>', '<workbookPr date1904="1"/>');
        setCell(p, PROGRESS, 'G4', `<c r="G4" s="${date}"><v>${serial}.75</v></c>`);
        setCell(p, COVER, 'B6', `<c r="B6" s="${dateTime}"><v>${serial}.5</v></c>`);
      }, foreign);
      const { file: f, report } = await importOne(path);
      expect(f.status, JSON.stringify(f.errors)).toBe('imported');
      // The parts the format shows: the date alone, or the date and time.
      expect(report(tasks[0])!.progress).toBe('2021年10月1日');
      expect(report(tasks[0])!.filledBy).toBe('2021年10月1日 12:00');
    }
  });

  it('a month typed into a text cell (Excel and WPS keep 2021年10月 as a date in their 年月 format) is the month shown', async () => {
    const path = edited('date-month', (p) => {
      // 27 and 57: the Chinese built-in yyyy"年"m"月"; 28: m"月"d"日".
      setCell(p, PROGRESS, 'G4', `<c r="G4" s="${addStyle(p, 27)}"><v>44470</v></c>`);
      setCell(p, PROGRESS, 'H4', `<c r="H4" s="${addStyle(p, 57)}"><v>44501</v></c>`);
      setCell(p, PROGRESS, 'I4', `<c r="I4" s="${addStyle(p, 28)}"><v>44470</v></c>`);
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect([report(tasks[0])!.progress, report(tasks[0])!.problems, report(tasks[0])!.next]).toEqual(['2021年10月', '2021年11月', '10月1日']);
  });

  it('Word’s line breaks in a text are line breaks; a control character nobody sees is dropped and said, with the cell', async () => {
    const path = edited('control', (p) => {
      setCell(p, PROGRESS, 'G4', '<c r="G4" t="inlineStr"><is><t>第一行_x000B_第二行_x0007_第三</t></is></c>');
      setCell(p, COVER, 'B6', '<c r="B6" t="inlineStr"><is><t>张_x0007_三</t></is></c>');
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect(report(tasks[0])!.progress).toBe('第一行\n第二行第三');
    expect(report(tasks[0])!.filledBy).toBe('张三');
    expect(f.warnings).toContain('“封面”表 B6 中有看不见的控制字符（从网页或其他程序粘贴带入），导入时已去掉，其余文字不变');
    expect(f.warnings).toContain('“工作进展”表 G4 中有看不见的控制字符（从网页或其他程序粘贴带入），导入时已去掉，其余文字不变');
  });

  it('a status and a 完成比例 that disagree are taken as sent and said, for the bureau to ask', async () => {
    const path = edited('disagree', (p) => {
      setCell(p, PROGRESS, 'E4', '<c r="E4" t="inlineStr"><is><t>已完成</t></is></c>');
      setCell(p, PROGRESS, 'F4', '<c r="F4"><v>60</v></c>');
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect(report(tasks[0])).toMatchObject({ status: '已完成', percent: 60 });
    expect(f.warnings).toContain(`“工作进展”表中第 ${tasks[0]} 项任务的状态为“已完成”，完成比例却是 60%：请与该单位核对`);
  });

  it('a number in a date format where a number belongs is said so, as the cell shows it', async () => {
    const path = edited('pct-date', (p) => setCell(p, PROGRESS, 'F5', `<c r="F5" s="${addStyle(p, 14)}"><v>60</v></c>`), foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors.map((e) => e.message).join()).toContain('完成比例单元格是日期格式（显示为“1900年2月29日”）');
  });

  it('overlapping merged areas are refused', async () => {
    const path = edited('merge-overlap', (p) => {
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 2}"><mergeCell ref="E4:E5"/><mergeCell ref="E5:F5"/>`);
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors.map((e) => e.message).join()).toContain('合并单元格 E4:E5 与 E5:F5 相互重叠');
  });

  it('an indicator value merged down over another indicator’s row is refused at the merge (one number is not two measures)', async () => {
    const INDICATORS = 'xl/worksheets/sheet3.xml';
    const path = edited('merge-indicator', (p) => {
      setCell(p, INDICATORS, 'F4', '<c r="F4" s="9" t="inlineStr"><is><t>是</t></is></c>');
      p[INDICATORS] = p[INDICATORS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="F4:F5"/>`);
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors).toContainEqual(expect.objectContaining({ sheet: '指标', row: 4, column: 'F', message: expect.stringMatching(/^F4:F5 是合并单元格，一个数值同时落在指标“.+”“.+”的行上：请该单位取消合并，为每个指标分别填写后重新报送$/) }));
  });

  it('序号 or 重点任务 merged over task rows, and 填报人 merged over 联系电话, are refused as merges (not as rows out of order or a bad phone)', async () => {
    for (const ref of ['A4:A5', 'C4:C5']) {
      const path = edited(`merge-${ref.replace(':', '-')}`, (p) => {
        p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="${ref}"/>`);
      }, foreign);
      const { file: f } = await importOne(path);
      expect(f.status).toBe('rejected');
      expect(f.errors, ref).toContainEqual(expect.objectContaining({ sheet: '工作进展', row: 4, column: ref[0], message: `${ref} 是合并单元格：“序号”“重点任务”两栏每行一项任务，不能合并；请该单位取消合并后重新报送` }));
    }
    const cover = edited('merge-cover', (p) => {
      p[COVER] = p[COVER]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="B6:B7"/>`);
    }, foreign);
    const { file: c } = await importOne(cover);
    expect(c.status).toBe('rejected');
    expect(c.errors).toEqual([expect.objectContaining({ sheet: '封面', row: 6, column: 'B', message: 'B6:B7 是合并单元格：“填报人”“联系电话”各占一格，不能合并；请该单位取消合并后重新填写' })]);
  });

  it('a merged cell reaching from the header row into the rows below is refused at the merge', async () => {
    const path = edited('merge-header', (p) => {
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="G3:G4"/>`);
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors).toContainEqual(expect.objectContaining({ row: 3, column: 'G', message: expect.stringContaining('表头行的合并单元格（G3:G4）延伸到了下面的填写行') }));
  });

  it('a percentage-formatted 完成比例 is the number shown; a value hidden under a merged cell is not read', async () => {
    const pct = edited('pct', (p) => setCell(p, PROGRESS, 'F5', `<c r="F5" s="${addStyle(p, 9)}"><v>0.6</v></c>`), foreign);
    const a = await importOne(pct);
    expect(a.file.status, JSON.stringify(a.file.errors)).toBe('imported');
    expect(a.report(tasks[1])!.percent).toBe(60);
    // A formula's value as Excel caches it (=0.57*100 is 56.999999999999993, shown as 57), and 57% as a percentage
    // cell holds it (0.57, times 100 in binary floating point: 56.99999999999999): the 57 the clerk sees.
    for (const [name, cell] of [
      ['pct-formula', '<c r="F5"><f>0.57*100</f><v>56.999999999999993</v></c>'],
      ['pct-57', `<c r="F5" s="${'PCT'}"><v>0.57</v></c>`],
    ] as const) {
      const f = edited(name, (p) => setCell(p, PROGRESS, 'F5', cell.replace('PCT', String(addStyle(p, 9)))), foreign);
      const x = await importOne(f);
      expect(x.file.status, `${name} ${JSON.stringify(x.file.errors)}`).toBe('imported');
      expect(x.report(tasks[1])!.percent, name).toBe(57);
    }

    const merged = edited('merged', (p) => {
      setCell(p, PROGRESS, 'F5', '<c r="F5" s="9"><v>89</v></c>');
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="E5:F5"/>`);
    }, foreign);
    const b = await importOne(merged);
    expect(b.file.status, JSON.stringify(b.file.errors)).toBe('imported');
    expect(b.report(tasks[1])!.percent).toBeNull();
    // Not read, and said (LibreOffice keeps the hidden cells' contents when asked to).
    expect(b.file.warnings).toContain(`“工作进展”表中 F5（第 ${tasks[1]} 项任务的“完成比例”） 中的“89”被合并单元格 E5:F5 遮住：看不到，也未导入。请与该单位核对；如要报送这些文字，请其取消合并、写进相应的单元格后重报`);
    // 类别 merged over two tasks of one group (a cosmetic edit): what it hides is the app's, never read; nothing said.
    const grouped = edited('merged-category', (p) => {
      setCell(p, PROGRESS, 'B5', '<c r="B5" t="inlineStr"><is><t>（一）某一类别</t></is></c>');
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="B4:B5"/>`);
    }, foreign);
    const c = await importOne(grouped);
    expect(c.file.status, JSON.stringify(c.file.errors)).toBe('imported');
    expect(c.file.warnings.join()).not.toContain('遮住');
  });

  it('存在问题 hidden under 工作进展 merged over it, the status 进度滞后: refused, the merge named', async () => {
    const path = edited('lagging-covered', (p) => {
      setCell(p, PROGRESS, 'E5', '<c r="E5" t="inlineStr"><is><t>进度滞后</t></is></c>');
      setCell(p, PROGRESS, 'F5', '<c r="F5"><v>30</v></c>');
      setCell(p, PROGRESS, 'H5', '<c r="H5" t="inlineStr"><is><t>审查专家不足</t></is></c>');
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="G5:H5"/>`);
    }, foreign);
    const { file: f } = await importOne(path);
    expect(f.status).toBe('rejected');
    expect(f.errors).toContainEqual(
      expect.objectContaining({
        sheet: '工作进展',
        row: 5,
        column: 'H',
        message: `第 ${tasks[1]} 项任务状态为“进度滞后”时，必须填写“存在问题”：H5 中的文字被合并单元格 G5:H5 遮住（看不到，也不读取），请该单位取消合并、把存在的问题写进“存在问题”一栏后重新报送`,
      }),
    );
  });

  it('a picture pasted over the progress sheet (a drawing anchored at G5): imported, the picture said by its cell', async () => {
    const path = edited('picture', (p) => {
      p[PROGRESS] = p[PROGRESS]!.replace('</worksheet>', '<drawing r:id="rIdPic1"/></worksheet>');
      if (!p[PROGRESS]!.includes('xmlns:r=')) p[PROGRESS] = p[PROGRESS]!.replace('<worksheet ', '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ');
      p['xl/worksheets/_rels/sheet2.xml.rels'] =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdPic1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing1.xml"/>' +
        '<Relationship Id="rIdCm1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>';
      // A comment (批注) with text on H6, as Excel and WPS keep one.
      p['xl/comments1.xml'] =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>张三</author></authors><commentList><comment ref="H6" authorId="0"><text><r><t>补充：另完成补植200亩</t></r></text></comment></commentList></comments>';
      p['xl/drawings/drawing1.xml'] =
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
        '<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="图片 1"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:twoCellAnchor>' +
        // A shape without text is nothing to say; a text box with text is said, at its cell.
        '<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>2</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="3" name="矩形 1"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr/></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>' +
        '<xdr:twoCellAnchor><xdr:from><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>7</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="4" name="文本框 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>存在问题：资金缺口300万元</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>';
      p['[Content_Types].xml'] = p['[Content_Types].xml']!.replace('</Types>', '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>');
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect(report(tasks[1])!.progress).not.toBe('');
    expect(f.warnings).toContain('“工作进展”表 G5 处有图片，图片不导入（只导入单元格中的文字）：如是照片、盖章件等，请该单位作为佐证材料报送');
    expect(f.warnings).toContain('“工作进展”表 H7、H6 处有批注或文本框中的文字，不导入（只导入单元格中的文字）：如需报送，请该单位写进相应的单元格后重报');
  });

  it('a status merged over two task rows is both rows’ status', async () => {
    const path = edited('merged-status', (p) => {
      setCell(p, PROGRESS, 'E5', '<c r="E5" s="9"/>');
      p[PROGRESS] = p[PROGRESS]!.replace(/<mergeCells count="(\d+)">/, (_m, n: string) => `<mergeCells count="${Number(n) + 1}"><mergeCell ref="E4:E5"/>`);
    }, foreign);
    const { file: f, report } = await importOne(path);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    expect(report(tasks[1])!.status).toBe(report(tasks[0])!.status);
  });

  it('a sheet name with a trailing space is the sheet; one far cell and a missing cover label take no time', async () => {
    const spaced = edited('spaced', (p) => (p['xl/workbook.xml'] = p['xl/workbook.xml']!.replace('name="工作进展"', 'name="工作进展 "')), foreign);
    const a = await importOne(spaced);
    expect(a.file.status, JSON.stringify(a.file.errors)).toBe('imported');
    // So is one with a remark in brackets at its end, as a header is (it had been refused as missing, listed by name).
    const remarked = edited('remarked', (p) => (p['xl/workbook.xml'] = p['xl/workbook.xml']!.replace('name="工作进展"', 'name="工作进展（三季度）"')), foreign);
    const a2 = await importOne(remarked);
    expect(a2.file.status, JSON.stringify(a2.file.errors)).toBe('imported');
    expect(a2.report(tasks[0])!.progress).not.toBe('');

    const far = edited('far', (p) => {
      // 联系电话's label gone, and one text at the sheet's last cell: the cover used to be searched cell by cell to there.
      setCell(p, COVER, 'A7', '<c r="A7" s="7"/>');
      p[COVER] = p[COVER]!.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远处</t></is></c></row></sheetData>');
    }, foreign);
    const t0 = Date.now();
    const b = await importOne(far);
    expect(b.file.errors.map((e) => e.message).join()).not.toContain('超时');
    expect(b.file.status).toBe('imported');
    // Figures go to the benchmark; this only says it did not run into the parser's 15-second cap.
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});

describe('a newer file with a task left empty', () => {
  /**
   * The unit's file imported, then a newer export of it edited by `edit` imported over it: its outcome, its warnings
   * (one text), and the first task's report held before and after.
   */
  async function newerOver(name: string, edit: (p: Parts) => void) {
    const bureau = await newBureau(tempDir('eco-messy-c-'));
    try {
      expect((await importFiles(bureau.core, [file])).files[0]!.status).toBe('imported');
      const first = async () => (await bureau.core.run('reports.forUnit', { unit: UNIT, period: PERIOD })).tasks.find((t) => t.task === tasks[0])!.report!;
      const held = await first();
      const before = file;
      file = await exportTo(unit, dir, UNIT, PERIOD, `${name}-newer.xlsx`);
      const path = edited(name, edit);
      file = before;
      const r = (await importFiles(bureau.core, [path])).files[0]!;
      return { status: r.status, said: r.warnings.join('\n'), held, after: await first() };
    } finally {
      bureau.core.close();
    }
  }

  it('keeps what was held for that task and says so', async () => {
    const r = await newerOver('cleared', (p) => {
      for (const col of ['E', 'F', 'G', 'H', 'I']) setCell(p, PROGRESS, `${col}4`, `<c r="${col}4" s="8"/>`);
    });
    expect(r.status).toBe('updated');
    expect(r.said).toContain(`此文件中 1 项任务没有填写：第 ${tasks[0]} 项。本系统保留该单位此前报送的这些内容，导入不会删除已有内容`);
    expect(r.after.progress).toBe(r.held.progress);
  });

  it('a task whose row was deleted keeps what was held, said so as for a row left empty (not only 按未填写处理)', async () => {
    const r = await newerOver('row-deleted-newer', (p) => {
      const row = /<row r="4"[^>]*>.*?<\/row>/s.exec(p[PROGRESS]!);
      expect(row).not.toBeNull();
      p[PROGRESS] = p[PROGRESS]!.replace(row![0], '');
    });
    expect(r.status).toBe('updated');
    expect(r.said).toContain(`没有第 ${tasks[0]} 项任务`);
    expect(r.said).toContain(`此文件中 1 项任务没有填写：第 ${tasks[0]} 项。本系统保留该单位此前报送的这些内容，导入不会删除已有内容`);
    expect(r.after.progress).toBe(r.held.progress);
  });
});

describe.skipIf(!existsSync('/usr/bin/soffice'))('messy real files saved again by LibreOffice', () => {
  it('a month typed into a text cell (in a 年月 format) is the month shown, from .ods and .xls', async () => {
    const path = edited('date-month-lo', (p) => {
      // A format of the file's own, as a Chinese Excel writes 2021年10月 typed into a General cell.
      p['xl/styles.xml'] = p['xl/styles.xml']!.replace(/<numFmts count="(\d+)">|<styleSheet([^>]*)>/, (m, n: string | undefined) =>
        n !== undefined ? `<numFmts count="${Number(n) + 1}"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>` : `${m}<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>`,
      );
      setCell(p, PROGRESS, 'G4', `<c r="G4" s="${addStyle(p, 176)}"><v>44470</v></c>`);
      setCell(p, PROGRESS, 'H4', `<c r="H4" s="${addStyle(p, 22)}"><v>44470.5</v></c>`);
    });
    const out = join(dir, 'lo');
    for (const to of ['ods', 'xls']) {
      await promisify(execFile)('/usr/bin/soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--norestore', '--convert-to', to, '--outdir', out, path], { timeout: 120_000 });
      const { file: f, report } = await importOne(join(out, basename(path).replace(/\.xlsx$/, `.${to}`)));
      expect(f.status, `${to} ${JSON.stringify(f.errors)}`).toBe('imported');
      expect([report(tasks[0])!.progress, report(tasks[0])!.problems], to).toEqual(['2021年10月', '2021年10月1日 12:00']);
    }
  });

  it('a picture LibreOffice anchors to a cell (written inside the cell, in .ods) leaves the cell’s text as it was; text under a merge and a comment there are said', async () => {
    const out = join(dir, 'lo-pic');
    await promisify(execFile)('/usr/bin/soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--norestore', '--convert-to', 'ods', '--outdir', out, file], { timeout: 120_000 });
    const ods = join(out, basename(file).replace(/\.xlsx$/, '.ods'));
    const zip = unzipSync(readFileSync(ods));
    const content = strFromU8(zip['content.xml']!);
    const before = (await importOne(ods)).report(tasks[0])!;
    // The picture inside the cell holding the first task's 工作进展, after its text, as LibreOffice writes one.
    const text = before.progress.split('\n')[0]!;
    const at = content.indexOf(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    expect(at).toBeGreaterThan(0);
    const end = content.indexOf('</table:table-cell>', at);
    const frame = '<draw:frame draw:z-index="0" draw:name="图片 1" svg:width="1cm" svg:height="1cm" svg:x="0.1cm" svg:y="0.1cm"><draw:image xlink:href="Pictures/photo.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"><text:p/></draw:image></draw:frame>';
    zip['content.xml'] = strToU8(content.slice(0, end) + frame + content.slice(end));
    const pictured = join(out, 'pictured.ods');
    writeFileSync(pictured, zipSync(zip));
    const { file: f, report } = await importOne(pictured);
    expect(f.status, JSON.stringify(f.errors)).toBe('imported');
    const fields = (r: typeof before) => [r.status, r.percent, r.progress, r.problems, r.next];
    expect(fields(report(tasks[0])!)).toEqual(fields(before));
    expect(before.progress).not.toBe('');
    // The picture is no part of what is imported, and that is said, by its cell.
    expect(f.warnings).toContain('“工作进展”表 G4 处有图片，图片不导入（只导入单元格中的文字）：如是照片、盖章件等，请该单位作为佐证材料报送');

    // In the second task's row: 工作进展 merged over 存在问题, whose text LibreOffice keeps in the covered cell, and a
    // comment on 工作进展. Neither is read; both are said.
    const second = (await importOne(ods)).report(tasks[1])!.progress.split('\n')[0]!;
    expect(second).not.toBe('');
    const g = content.indexOf(second.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    const open = content.lastIndexOf('<table:table-cell', g);
    const close = content.indexOf('</table:table-cell>', g) + '</table:table-cell>'.length;
    const next = /^<table:table-cell\b[^>]*?(?:\/>|>[\s\S]*?<\/table:table-cell>)/.exec(content.slice(close))![0];
    const gCell = content.slice(open, close).replace('<table:table-cell', '<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"').replace(/^(<table:table-cell[^>]*>)/, '$1<office:annotation><dc:creator>张三</dc:creator><text:p>补充：另完成补植200亩</text:p></office:annotation>');
    const covered = '<table:covered-table-cell office:value-type="string" calcext:value-type="string"><text:p>审查专家不足</text:p></table:covered-table-cell>';
    zip['content.xml'] = strToU8(content.slice(0, open) + gCell + covered + content.slice(close + next.length));
    const merged = join(out, 'merged.ods');
    writeFileSync(merged, zipSync(zip));
    const m = await importOne(merged);
    expect(m.file.status, JSON.stringify(m.file.errors)).toBe('imported');
    expect(m.file.warnings).toContain(`“工作进展”表中 H5（第 ${tasks[1]} 项任务的“存在问题”） 中的“审查专家不足”被合并单元格 G5:H5 遮住：看不到，也未导入。请与该单位核对；如要报送这些文字，请其取消合并、写进相应的单元格后重报`);
    expect(m.file.warnings).toContain('“工作进展”表 G5 处有批注或文本框中的文字，不导入（只导入单元格中的文字）：如需报送，请该单位写进相应的单元格后重报');
    expect(m.report(tasks[1])!.progress.split('\n')[0]).toBe(second);
  });
});

/**
 * Evidence files found by their names: a filled template's 佐证材料 rows in a
 * bundle (two files of one name in two folders, one file under two names,
 * names a file system would not keep), zips written by other tools (names in
 * GBK without the UTF-8 flag, backslashes as folder separators), and the
 * names an app-format workbook carries (kept as evidence.add keeps a name,
 * an untouched export still read as untouched).
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../electron/core/fsutil';
import type { Core } from '../../electron/core/service';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, reportOne, reportsOf, TOWN } from './helpers';
import { taskOfFolder } from '../../electron/core/exchange/import-run';

const open: Core[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

/** A zip written byte by byte, entries stored: names as given (GBK bytes, backslashes), the UTF-8 flag only when asked. */
function rawZip(entries: { name: string | Buffer; data: Uint8Array; utf8?: boolean }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let at = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const flag = e.utf8 ? 0x800 : 0;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flag, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(flag, 8);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(at, 42);
    parts.push(local, name, Buffer.from(e.data));
    central.push(dir, name);
    at += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(at, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** GBK bytes of the few names used here (Windows' 压缩(zipped)文件夹 on a Chinese system writes them so, unflagged). */
const GBK: Record<string, number[]> = {
  新: [0xd0, 0xc2],
  市: [0xca, 0xd0],
  镇: [0xd5, 0xf2],
  通: [0xcd, 0xa8],
  知: [0xd6, 0xaa],
  图: [0xcd, 0xbc],
  片: [0xc6, 0xac],
  巡: [0xd1, 0xb2],
  河: [0xba, 0xd3],
  台: [0xcc, 0xa8],
  账: [0xd5, 0xcb],
  佐: [0xd7, 0xf4],
  证: [0xd6, 0xa4],
  材: [0xb2, 0xc4],
  料: [0xc1, 0xcf],
};
const gbk = (s: string): Buffer => Buffer.concat([...s].map((ch) => Buffer.from(GBK[ch] ?? [...Buffer.from(ch)])));

async function bureau() {
  const b = await newBureau(tempDir('eco-evnames-b-'));
  open.push(b.core);
  const tasks = (await b.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks.map((t) => t.task);
  return { ...b, tasks };
}

/**
 * The unit's hand-fill template with its first task row filled in and `rows` (task, 文件名; null: left empty) on the
 * 佐证材料 sheet's entry rows, from the sheet's row `first` on.
 */
async function template(core: Core, rows: [number | null, string][], unit = TOWN): Promise<{ book: Buffer; first: number }> {
  const t = await core.run('exchange.template', { unit, period: PERIOD });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(t.dataBase64, 'base64') as unknown as ArrayBuffer);
  // Every task reported: its evidence has a report to go on.
  wb.getWorksheet('工作进展')!.eachRow((row, r) => {
    if (r < 4 || typeof row.getCell('A').value !== 'number') return;
    row.getCell('E').value = '正常推进';
    row.getCell('F').value = 50;
    row.getCell('G').value = '开展巡查';
  });
  const sheet = wb.getWorksheet('佐证材料')!;
  const first = sheet.getColumn(1).values.indexOf('任务序号') + 1;
  rows.forEach(([task, name], i) => {
    sheet.getRow(first + i).getCell(1).value = task;
    sheet.getRow(first + i).getCell(2).value = name;
  });
  return { book: Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), first };
}

/** What each task holds: [task, name, the bytes' text] sorted. */
async function held(core: Core): Promise<[number, string, string][]> {
  const out: [number, string, string][] = [];
  for (const r of await reportsOf(core)) {
    if (!('evidence' in r)) continue;
    for (const e of r.evidence ?? []) {
      const f = await core.run('evidence.open', { unit: TOWN, period: PERIOD, task: r.task, hash: e.hash, name: e.name });
      out.push([r.task, e.name, Buffer.from(f.dataBase64, 'base64').toString('utf8')]);
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]));
}

async function importZip(core: Core, zip: Uint8Array, name = '新市镇.zip') {
  const path = join(tempDir('eco-evnames-'), name);
  writeFileSync(path, zip);
  return importFiles(core, [path]);
}

const UNLISTED = '没有列在工作簿的“佐证材料”表中';

describe('a filled template’s files found by name', () => {
  it('two files of one name in two folders: each row takes the one its folder names (任务N, or the folder written in the name), never the other’s', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book } = await template(b.core, [
      [a, '现场照片.jpg'],
      [c, '现场照片.jpg'],
      [a, '3月/照片.jpg'],
      [a, '9月/照片.jpg'],
    ]);
    const r = await importZip(
      b.core,
      zipSync({
        '新市镇.xlsx': book,
        [`佐证材料/任务${a}/现场照片.jpg`]: bytes('河道照片'),
        [`佐证材料/第${c}项/现场照片.jpg`]: bytes('规划照片'),
        '佐证材料/3月/照片.jpg': bytes('三月照片'),
        '佐证材料/9月/照片.jpg': bytes('九月照片'),
      }),
    );
    expect(r.files.map((f) => [f.status, f.evidenceMissing ?? 0])).toEqual([['imported', 0]]);
    expect(r.files[0]!.warnings.filter((w) => w !== '这是手工填写的模板（不是系统导出的工作簿），请核对内容')).toEqual([]);
    expect(await held(b.core)).toEqual([
      [a, '照片.jpg', '三月照片'],
      [a, '照片.jpg', '九月照片'],
      [a, '现场照片.jpg', '河道照片'],
      [c, '现场照片.jpg', '规划照片'],
    ]);
  });

  it('several files of the name and nothing to tell them apart: none taken, said with the sheet’s row and the files; a file no row took is said', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book, first } = await template(b.core, [
      [a, '现场照片.jpg'],
      [c, '现场照片.jpg'],
      [a, '3月/照片.jpg'],
    ]);
    const r = await importZip(
      b.core,
      zipSync({
        '新市镇.xlsx': book,
        '佐证材料/甲/现场照片.jpg': bytes('甲的照片'),
        '佐证材料/乙/现场照片.jpg': bytes('乙的照片'),
        '佐证材料/3月/照片.jpg': bytes('三月照片'),
        '佐证材料/9月/照片.jpg': bytes('九月照片'),
      }),
    );
    const f = r.files[0]!;
    expect(f.status).toBe('imported');
    const both = '（“佐证材料/甲/现场照片.jpg”、“佐证材料/乙/现场照片.jpg”），无法分辨是哪一个；请该单位在“文件名”中写明文件所在的文件夹（如“甲/现场照片.jpg”），或把这些文件改为不同的名称后重新报送';
    expect(f.warnings).toEqual(
      expect.arrayContaining([
        `“佐证材料”表第 ${first} 行列出的“现场照片.jpg”（第 ${a} 项任务）未导入：压缩包中有 2 个内容不同的文件与此名称相符${both}`,
        `“佐证材料”表第 ${first + 1} 行列出的“现场照片.jpg”（第 ${c} 项任务）未导入：压缩包中有 2 个内容不同的文件与此名称相符${both}`,
        `压缩包中的“佐证材料/9月/照片.jpg”${UNLISTED}，未导入（如需报送，请该单位在模板的“佐证材料”表中填写它的任务序号和文件名后重新报送）`,
      ]),
    );
    // Named once each: the two alike in the rows' warnings, not again as unlisted.
    expect(f.warnings.filter((w) => w.includes(UNLISTED))).toHaveLength(1);
    expect([f.evidenceMissing, f.evidenceMissingFiles]).toEqual([
      2,
      [
        { task: a, name: '现场照片.jpg' },
        { task: c, name: '现场照片.jpg' },
      ],
    ]);
    expect(await held(b.core)).toEqual([[a, '照片.jpg', '三月照片']]);
  });

  it('one file under two names (the same bytes): each name finds it, for its own task; an empty file is said once', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book } = await template(b.core, [
      [a, '现场照片.jpg'],
      [c, '现场照片副本.jpg'],
      [a, '整改报告.pdf'],
      [a, '整改报告（盖章版）.pdf'],
      [c, '空文件.pdf'],
    ]);
    const files: Record<string, Uint8Array> = {
      '佐证材料/现场照片.jpg': bytes('同一张照片'),
      '佐证材料/现场照片副本.jpg': bytes('同一张照片'),
      '佐证材料/整改报告.pdf': bytes('同一份报告'),
      '佐证材料/整改报告（盖章版）.pdf': bytes('同一份报告'),
      '佐证材料/空文件.pdf': new Uint8Array(0),
    };
    const check = async (r: Awaited<ReturnType<typeof importFiles>>, core: Core) => {
      const f = r.files[0]!;
      expect(f.status).toBe('imported');
      expect(f.warnings.filter((w) => w !== '这是手工填写的模板（不是系统导出的工作簿），请核对内容')).toEqual([`“佐证材料”表第 8 行列出的“空文件.pdf”（第 ${c} 项任务）是空文件（0 字节），未导入：请该单位放入实际的文件后重新报送`]);
      expect(f.evidenceMissingFiles).toEqual([{ task: c, name: '空文件.pdf' }]);
      expect(await held(core)).toEqual([
        [a, '整改报告.pdf', '同一份报告'],
        [a, '现场照片.jpg', '同一张照片'],
        [c, '现场照片副本.jpg', '同一张照片'],
      ]);
    };
    await check(await importZip(b.core, zipSync({ '新市镇.xlsx': book, ...files })), b.core);
    // The bundle unzipped into a folder: the same.
    const other = await bureau();
    const folder = join(tempDir('eco-evnames-'), '新市镇');
    for (const [n, d] of Object.entries({ '新市镇.xlsx': book, ...files })) {
      mkdirSync(dirname(join(folder, n)), { recursive: true });
      writeFileSync(join(folder, n), d);
    }
    await check(await importFiles(other.core, [folder]), other.core);
  });

  it('names safeFileName would change (: ?, over 200 characters) find their own entry; kept as safeFileName keeps them', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const long = `${'关于新市镇河长制湖长制工作落实情况的汇报材料'.repeat(9)}.pdf`;
    const { book } = await template(b.core, [
      [a, '巡河记录 10:30.pdf'],
      [c, '整改前后对比?.jpg'],
      [a, long],
    ]);
    const r = await importZip(b.core, zipSync({ '新市镇.xlsx': book, '佐证材料/巡河记录 10:30.pdf': bytes('巡河'), '佐证材料/整改前后对比?.jpg': bytes('对比'), [`佐证材料/${long}`]: bytes('汇报') }));
    expect(r.files[0]!.warnings.filter((w) => w !== '这是手工填写的模板（不是系统导出的工作簿），请核对内容')).toEqual([]);
    const got = await held(b.core);
    expect(got.map(([t, n, d]) => [t, n.endsWith('.pdf') || n.endsWith('.jpg'), d]).sort()).toEqual([
      [a, true, '巡河'],
      [a, true, '汇报'],
      [c, true, '对比'],
    ].sort());
    expect(got.map(([, n]) => n)).toEqual(expect.arrayContaining(['巡河记录 10_30.pdf', '整改前后对比_.jpg']));
  });

  it('in a zip of several units’ folders: a file of a listed name that no row took is named with the zip’s unlisted files', async () => {
    const b = await bureau();
    const a = b.tasks[0]!;
    const town = await template(b.core, [[a, '3月/照片.jpg']]);
    const other = await template(b.core, [], '济阳街道');
    const zip = zipSync({
      '新市镇/新市镇.xlsx': town.book,
      '新市镇/佐证材料/3月/照片.jpg': bytes('三月照片'),
      '新市镇/佐证材料/9月/照片.jpg': bytes('九月照片'),
      '济阳街道/济阳街道.xlsx': other.book,
    });
    const path = join(tempDir('eco-evnames-'), '收件箱.zip');
    writeFileSync(path, zip);
    const r = await importFiles(b.core, [path]);
    expect(r.files.map((f) => f.status)).toEqual(['imported', 'imported']);
    expect(r.unlisted).toEqual([`${path}/新市镇/佐证材料/9月/照片.jpg`]);
    expect(await held(b.core)).toEqual([[a, '照片.jpg', '三月照片']]);
  });

  it('a zip of photos beside the one workbook, listed by it, is its evidence (not a bundle refused for holding no workbook)', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book } = await template(b.core, [
      [a, '现场照片.zip'],
      [c, '方案.pdf'],
    ]);
    const photos = zipSync({ '1.jpg': bytes('一'), '2.jpg': bytes('二') });
    const r = await importZip(b.core, zipSync({ '新市镇.xlsx': book, '现场照片.zip': photos, '方案.pdf': bytes('方案') }));
    expect(r.files.map((f) => [f.file.split('/').pop(), f.status])).toEqual([['新市镇.xlsx', 'imported']]);
    expect(r.files[0]!.evidenceMissing ?? 0).toBe(0);
    const got = await held(b.core);
    expect(got.map(([t, n]) => [t, n])).toEqual([
      [a, '现场照片.zip'],
      [c, '方案.pdf'],
    ]);
    // Beside two workbooks, whose it is cannot be told: refused as before, the run goes on.
    const two = await importZip(b.core, zipSync({ '甲/新市镇.xlsx': book, '乙/新市镇.xlsx': book, '现场照片.zip': photos }), '两个.zip');
    expect(two.files.find((f) => f.file.endsWith('现场照片.zip'))?.status).toBe('rejected');
  });

  it('an empty 任务序号 is said as missing', async () => {
    const b = await bureau();
    const { book, first } = await template(b.core, [[null, '照片.jpg']]);
    const r = await importZip(b.core, zipSync({ '新市镇.xlsx': book, '佐证材料/照片.jpg': bytes('照片') }));
    expect(r.files[0]!.status).toBe('rejected');
    expect(r.files[0]!.errors).toEqual([expect.objectContaining({ sheet: '佐证材料', row: first, column: 'A', message: expect.stringMatching(/^缺少任务序号（该单位的任务序号：/) })]);
  });
});

describe('zips written by other tools', () => {
  it('backslashes as folder separators: 佐证材料\\巡河台账.xlsx is evidence, not a second workbook', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book } = await template(b.core, [
      [a, '巡河台账.xlsx'],
      [c, '照片.jpg'],
    ]);
    const ledger = zipSync({ 'xl/workbook.xml': bytes('<workbook/>') });
    const r = await importZip(
      b.core,
      rawZip([
        { name: gbk('新市镇.xlsx'), data: book },
        { name: gbk('佐证材料\\巡河台账.xlsx'), data: ledger },
        { name: '佐证材料\\照片.jpg', data: bytes('照片'), utf8: true },
      ]),
    );
    expect(r.files.map((f) => [f.status, f.warnings.filter((w) => w !== '这是手工填写的模板（不是系统导出的工作簿），请核对内容')])).toEqual([['imported', []]]);
    expect((await held(b.core)).map(([t, n]) => [t, n])).toEqual([
      [a, '巡河台账.xlsx'],
      [c, '照片.jpg'],
    ]);
  });

  it('GBK names without the UTF-8 flag whose bytes are also valid UTF-8 (通知.pdf, 图片.jpg) are read as GBK, as the zip’s other names are', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book } = await template(b.core, [
      [a, '通知.pdf'],
      [c, '图片.jpg'],
    ]);
    const r = await importZip(
      b.core,
      rawZip([
        { name: gbk('新市镇.xlsx'), data: book },
        { name: gbk('通知.pdf'), data: bytes('通知') },
        { name: gbk('图片.jpg'), data: bytes('图片') },
      ]),
    );
    expect(r.files.map((f) => [f.file.split('/').pop(), f.status, f.warnings.filter((w) => w !== '这是手工填写的模板（不是系统导出的工作簿），请核对内容')])).toEqual([['新市镇.xlsx', 'imported', []]]);
    expect(await held(b.core)).toEqual([
      [a, '通知.pdf', '通知'],
      [c, '图片.jpg', '图片'],
    ]);
  });
});

describe('names an app-format workbook carries', () => {
  /** A unit with one report and `names` attached to its first task, exported; its tasks. */
  async function unitWith(names: string[]) {
    const dir = tempDir('eco-evnames-u-');
    const unit = await newUnit(dir);
    open.push(unit.core);
    await reportOne(unit.core);
    const task = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks[0]!.task;
    for (const [i, name] of names.entries()) await unit.core.run('evidence.add', { unit: TOWN, period: PERIOD, task, name, dataBase64: Buffer.from(`文件${i}`).toString('base64') });
    return { dir, unit, task, zip: await exportTo(unit.core, dir) };
  }

  /** The bundle's workbook with its 佐证材料 sheet's rows changed by `edit` (a row's cells by header), zipped again with its files. */
  async function edited(zip: string, edit: (row: (i: number) => { name: ExcelJS.Cell; size: ExcelJS.Cell; hash: ExcelJS.Cell }) => void, extra: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
    const files = unzipSync(readFileSync(zip));
    const [bookName, bookBytes] = Object.entries(files).find(([n]) => n.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bookBytes) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('佐证材料')!;
    const head = sheet.getColumn(1).values.indexOf('任务序号');
    edit((i) => ({ name: sheet.getRow(head + 1 + i).getCell(2), size: sheet.getRow(head + 1 + i).getCell(3), hash: sheet.getRow(head + 1 + i).getCell(4) }));
    return zipSync({ ...files, [bookName]: Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), ...extra });
  }

  it('names written into the workbook by hand (../, C:\\…, /etc/passwd, CON, a:b|c?) are kept as evidence.add keeps a name', async () => {
    const { zip, task } = await unitWith(['一.pdf', '二.dll', '三.txt', '四.txt', '五.txt']);
    const names = ['../../../tmp/evil.txt', 'C:\\Windows\\System32\\evil.dll', '/etc/passwd', 'CON', 'a:b|c?.txt'];
    const b = await bureau();
    const r = await importZip(b.core, await edited(zip, (row) => names.forEach((n, i) => (row(i).name.value = n))));
    expect(r.files.map((f) => f.status)).toEqual(['imported']);
    expect(r.files[0]!.warnings).toContain('内容在导出后被修改：佐证材料清单与导出时不一致，请向该单位核实');
    expect((await held(b.core)).map(([t, n]) => [t, n]).sort()).toEqual(['_CON', 'a_b_c_.txt', 'evil.dll', 'evil.txt', 'passwd'].map((n) => [task, n]));
  });

  it('an untouched export whose names were long or held noncharacters is read as untouched; its entries and the 佐证材料包’s names fit a Linux file system', async () => {
    const long = `${'关于新市镇河长制湖长制工作落实情况的汇报材料'.repeat(9)}.pdf`;
    const { zip } = await unitWith([long, `${'汇'.repeat(199)} 终稿.pdf`, '报告\uFFFE.pdf', '报告\uFFFF二.pdf']);
    for (const n of Object.keys(unzipSync(readFileSync(zip)))) for (const part of n.split('/')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
    const b = await bureau();
    const r = await importFiles(b.core, [zip]);
    expect(r.files.map((f) => [f.status, f.warnings])).toEqual([['imported', []]]);
    const names = (await held(b.core)).map(([, n]) => n);
    expect(names.every((n) => n.endsWith('.pdf') && n === n.trim())).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['报告.pdf', '报告二.pdf']));
    const pkg = await b.core.run('exchange.evidencePackage', { period: PERIOD });
    const entries = Object.keys(unzipSync(Buffer.from(pkg.dataBase64, 'base64')));
    expect(entries).toHaveLength(5);
    for (const n of entries) for (const part of n.split('/')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(255);
  });

  it('an untouched export from an older version’s database, its names stored as written (COM¹.txt, 150 characters), is read as untouched and kept safe', async () => {
    const long = `${'新市镇河长制湖长制工作汇报材料'.repeat(10)}.pdf`;
    const { unit } = await unitWith(['甲.txt', '乙.pdf', '丙.txt']);
    // As an earlier version kept them: names not through today's safeFileName.
    const rename = unit.core.ctx.store.db.prepare('UPDATE report_evidence SET name = ? WHERE name = ?');
    rename.run('COM¹.txt', '甲.txt');
    rename.run('报告\uFFFE二.txt ', '丙.txt');
    rename.run(long, '乙.pdf');
    const zip = await exportTo(unit.core, tempDir('eco-evnames-old-'));
    const b = await bureau();
    const r = await importFiles(b.core, [zip]);
    // Hashed as written (as the older app hashed them), kept as safeFileName keeps them.
    expect(r.files.map((f) => [f.status, f.warnings])).toEqual([['imported', []]]);
    const names = (await held(b.core)).map(([, n]) => n);
    expect(names).toEqual(expect.arrayContaining(['_COM¹.txt', '报告二.txt']));
    expect(names.every((n) => Buffer.byteLength(n) <= 240 && n.endsWith('.pdf') === !n.endsWith('.txt'))).toBe(true);
    // The same file again: unchanged.
    expect((await importFiles(b.core, [zip])).files.map((f) => f.status)).toEqual(['unchanged']);
  });

  it('a row whose folder is not in the bundle does not take a file of its name from another task’s or another row’s folder', async () => {
    const b = await bureau();
    const [a, c] = [b.tasks[0]!, b.tasks[1]!];
    const { book, first } = await template(b.core, [
      [a, '3月/照片.jpg'],
      [a, '9月/照片.jpg'],
      [c, `任务${c}/现场照片.jpg`],
      [a, '5月/记录.pdf'],
    ]);
    const r = await importZip(
      b.core,
      zipSync({
        '新市镇.xlsx': book,
        '佐证材料/9月/照片.jpg': bytes('九月照片'),
        [`佐证材料/任务${a}/现场照片.jpg`]: bytes('河道照片'),
        '佐证材料/6月/记录.pdf': bytes('六月记录'),
      }),
    );
    const f = r.files[0]!;
    expect(f.status).toBe('imported');
    expect(f.warnings).toEqual(
      expect.arrayContaining([
        `“佐证材料”表第 ${first} 行列出的“3月/照片.jpg”（第 ${a} 项任务）不在压缩包中，未导入：压缩包中的“佐证材料/9月/照片.jpg”在另一个文件夹中，不是这一行的文件（请该单位核对后把它放入“佐证材料”文件夹，重新报送）`,
        `“佐证材料”表第 ${first + 2} 行列出的“任务${c}/现场照片.jpg”（第 ${c} 项任务）不在压缩包中，未导入：压缩包中的“佐证材料/任务${a}/现场照片.jpg”在另一个文件夹中，不是这一行的文件（请该单位核对后把它放入“佐证材料”文件夹，重新报送）`,
        // A folder that is no task's nor another row's: taken by its name, said.
        `“佐证材料”表第 ${first + 3} 行列出的“5月/记录.pdf”（第 ${a} 项任务）所写的文件夹“5月”不在压缩包中，按文件名取了“佐证材料/6月/记录.pdf”：请与该单位核对是否为同一文件`,
      ]),
    );
    expect(f.evidenceMissingFiles).toEqual([
      { task: a, name: '3月/照片.jpg' },
      { task: c, name: `任务${c}/现场照片.jpg` },
    ]);
    expect(await held(b.core)).toEqual([
      [a, '照片.jpg', '九月照片'],
      [a, '记录.pdf', '六月记录'],
    ]);
  });

  it('folders named by a day or month are not task folders (4.10巡河, 4-10检查, 4 月份); files alike but for case are asked to be renamed', async () => {
    expect(['4.10巡河', '4-10检查', '4 月份', '4月', '10.1'].map(taskOfFolder)).toEqual([null, null, null, null, null]);
    expect(['任务4', '第4项', '4', '04 严格落实河长制湖长制工作', '4-河长制', '第 4 项任务'].map(taskOfFolder)).toEqual([4, 4, 4, 4, 4, 4]);
    const b = await bureau();
    const [a] = [b.tasks[0]!];
    const { book, first } = await template(b.core, [
      [a, '现场照片.jpg'],
      [a, 'PHOTO.JPG'],
    ]);
    const r = await importZip(
      b.core,
      zipSync({
        '新市镇.xlsx': book,
        [`佐证材料/${a}.10巡河/现场照片.jpg`]: bytes('十日'),
        [`佐证材料/${a}.20巡河/现场照片.jpg`]: bytes('二十日'),
        '佐证材料/Photo.JPG': bytes('甲'),
        '佐证材料/photo.jpg': bytes('乙'),
      }),
    );
    const f = r.files[0]!;
    expect(f.warnings.join('\n')).toContain(`“佐证材料”表第 ${first} 行列出的“现场照片.jpg”（第 ${a} 项任务）未导入：压缩包中有 2 个内容不同的文件与此名称相符`);
    expect(f.warnings).toContain(
      `“佐证材料”表第 ${first + 1} 行列出的“PHOTO.JPG”（第 ${a} 项任务）未导入：压缩包中有 2 个内容不同的文件与此名称相符（“佐证材料/Photo.JPG”、“佐证材料/photo.jpg”），无法分辨是哪一个；请该单位把这些文件改为不同的名称（不只是大小写不同），并在“文件名”中照写后重新报送`,
    );
    expect(await held(b.core)).toEqual([]);
  });

  it('a listed empty file (0 bytes) is not attached: said and counted missing, as a template’s is', async () => {
    const { zip } = await unitWith(['扫描件.pdf']);
    const empty = sha256(new Uint8Array(0));
    const b = await bureau();
    const r = await importZip(
      b.core,
      await edited(
        zip,
        (row) => {
          row(0).name.value = '空白扫描件.pdf';
          row(0).size.value = 0;
          row(0).hash.value = empty;
        },
        { [`佐证材料/${empty.slice(0, 8)}-空白扫描件.pdf`]: new Uint8Array(0) },
      ),
    );
    const f = r.files[0]!;
    expect(f.status).toBe('imported');
    const task = (await reportsOf(b.core)).find((x) => 'evidence' in x)!.task;
    expect(f.warnings).toContain(`佐证材料“空白扫描件.pdf”（第 ${task} 项任务）是空文件（0 字节），未导入：请该单位打开原文件检查，添加实际的文件后重新导出报送`);
    expect(f.warnings.filter((w) => w.includes('空白扫描件') || w.includes(UNLISTED))).toHaveLength(2);
    expect(f.evidenceMissingFiles).toEqual([{ task, name: '空白扫描件.pdf' }]);
    expect((await held(b.core)).map(([, n]) => n)).toEqual([]);
  });
});

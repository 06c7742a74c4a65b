/**
 * Hostile workbooks generated from our own export (issue 7, item 4). Each is
 * refused with a clear Chinese message naming the file, within a time and
 * memory bound; nothing is written; the process survives. Zip bombs, entry
 * counts, a half-truncated file, plain text and the corpus's password file are
 * in test/exchange/errors.test.ts and corpus.test.ts; this file adds the rest.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { dumpDb, newBureau, tempDir } from '../helpers/db';
import { exportTo, importFiles, newUnit, PERIOD, TOWN } from '../exchange/helpers';

let dir: string;
let unit: { core: Core; path: string };
let bureau: { core: Core; path: string };
let good: Uint8Array;

beforeAll(async () => {
  dir = tempDir('eco-hostile-');
  unit = await newUnit(dir);
  bureau = await newBureau(dir);
  const tasks = (await unit.core.run('reports.forUnit', { unit: TOWN, period: PERIOD })).tasks;
  for (const t of tasks) await unit.core.run('reports.save', { unit: TOWN, period: PERIOD, task: t.task, report: { status: '正常推进', percent: 50, progress: '推进中' } });
  good = readFileSync(await exportTo(unit.core, dir, TOWN, PERIOD, 'good.xlsx'));
});
afterAll(() => {
  unit.core.close();
  bureau.core.close();
});

/** A deterministic generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Our export with some package parts rewritten (the app stamp kept, so the fast reader sees it). */
function repack(edit: (parts: Record<string, Uint8Array>) => void): Uint8Array {
  const parts = unzipSync(good);
  edit(parts);
  return zipSync(parts, { level: 6 });
}

const xmlOf = (parts: Record<string, Uint8Array>, name: string): string => strFromU8(parts[name]!);
const setXml = (parts: Record<string, Uint8Array>, name: string, text: string): void => void (parts[name] = strToU8(text));

/** The package path of a sheet by its name. */
function sheetPath(parts: Record<string, Uint8Array>, name: string): string {
  const wb = xmlOf(parts, 'xl/workbook.xml');
  const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="(rId\\d+)"`).exec(wb)![1];
  const rels = xmlOf(parts, 'xl/_rels/workbook.xml.rels');
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
  return `xl/${target}`;
}

/** Adds one shared string and puts it in a cell of a sheet (replacing whatever is there). */
function putString(parts: Record<string, Uint8Array>, sheet: string, ref: string, inner: string): void {
  let sst = xmlOf(parts, 'xl/sharedStrings.xml');
  const index = (sst.match(/<si>/g) ?? []).length;
  sst = sst.replace('</sst>', `<si>${inner}</si></sst>`);
  setXml(parts, 'xl/sharedStrings.xml', sst);
  const path = sheetPath(parts, sheet);
  let ws = xmlOf(parts, path);
  const cell = `<c r="${ref}" t="s"><v>${index}</v></c>`;
  const existing = new RegExp(`<c r="${ref}"[^>]*?(/>|>[\\s\\S]*?</c>)`);
  if (existing.test(ws)) ws = ws.replace(existing, cell);
  else {
    const row = Number(/\d+/.exec(ref)![0]);
    ws = ws.replace('</sheetData>', `<row r="${row}">${cell}</row></sheetData>`);
  }
  setXml(parts, path, ws);
}

interface Refusal {
  message: string;
  ms: number;
  rssGrowthMiB: number;
}

/** Imports files that must all be refused; the database must not change and Object.prototype stays clean. */
async function refusedAll(files: { name: string; data: Uint8Array }[], capMs = 10_000): Promise<Refusal[]> {
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const paths = files.map((f) => {
    const p = join(dir, f.name);
    writeFileSync(p, f.data);
    return p;
  });
  const before = dumpDb(bureau.path);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await importFiles(bureau.core, paths, { limits: { timeCapMs: capMs } });
  const ms = performance.now() - t0;
  const rssGrowthMiB = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  expect(dumpDb(bureau.path)).toEqual(before);
  expect(r.files.map((f) => f.status)).toEqual(paths.map(() => 'rejected'));
  for (const [i, f] of r.files.entries()) {
    expect(f.file).toBe(paths[i]);
    expect(f.errors.length).toBeGreaterThan(0);
    expect(f.errors[0]!.message).toMatch(/[\u4e00-\u9fff]/);
  }
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // Time and memory bounds for the whole batch (the parse runs in capped workers).
  expect(ms).toBeLessThan(capMs + 20_000);
  expect(rssGrowthMiB).toBeLessThan(400);
  return r.files.map((f) => ({ message: f.errors.map((e) => e.message).join('；'), ms, rssGrowthMiB }));
}

describe('hostile workbooks made from our own export are refused, nothing written, the process survives', () => {
  it('bit flips in the compressed data: refused as damaged (CRC-32 of every entry is checked)', async () => {
    const rnd = prng(7);
    // Where the shared strings' compressed bytes lie in the package.
    const name = 'xl/sharedStrings.xml';
    const at = Buffer.from(good).indexOf(Buffer.from(name));
    const files = Array.from({ length: 12 }, (_, k) => {
      const data = Uint8Array.from(good);
      const pos = at + name.length + 16 + Math.floor(rnd() * 800);
      data[pos]! ^= 1 << Math.floor(rnd() * 8);
      return { name: `flip-${k}.xlsx`, data };
    });
    for (const r of await refusedAll(files)) expect(r.message).toContain('损坏');
  });

  it('truncated at many points: refused as damaged', async () => {
    const cuts = [1, 30, 100, 0.25, 0.5, 0.75, 0.95, -22, -1].map((c) => (c > 0 && c < 1 ? Math.floor(good.length * c) : c < 0 ? good.length + c : c));
    const files = cuts.map((n, k) => ({ name: `cut-${k}.xlsx`, data: good.subarray(0, n) }));
    for (const r of await refusedAll(files)) expect(r.message).toMatch(/损坏|无法识别/);
  });

  it('a billion-laughs entity in the shared strings (and in a sheet): refused for its DTD', async () => {
    const laughs =
      '<!DOCTYPE sst [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i ? i : ''};`.repeat(10)}">`).join('') +
      ']>';
    const inSst = repack((p) => {
      setXml(p, 'xl/sharedStrings.xml', xmlOf(p, 'xl/sharedStrings.xml').replace('?>', `?>${laughs}`));
      putString(p, '工作进展', 'G4', '<t>&lol9;</t>');
    });
    const inSheet = repack((p) => {
      const path = sheetPath(p, '机读信息');
      setXml(p, path, xmlOf(p, path).replace('?>', `?>${laughs.replace('sst', 'worksheet')}`));
    });
    const r = await refusedAll([
      { name: 'laughs-sst.xlsx', data: inSst },
      { name: 'laughs-sheet.xlsx', data: inSheet },
    ]);
    for (const x of r) expect(x.message).toContain('文档类型声明');
  });

  it('an A1:XFD1048576 dimension with a stray entry at the last row: no huge allocation, the row is named', async () => {
    const edit = (p: Record<string, Uint8Array>): void => {
      const path = sheetPath(p, '工作进展');
      setXml(p, path, xmlOf(p, path).replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'));
      putString(p, '工作进展', 'E1048576', '<t>正常推进</t>');
    };
    const ours = repack(edit);
    // The same as re-saved by another program: read by SheetJS instead of the fast reader.
    const foreign = repack((p) => {
      edit(p);
      setXml(p, 'docProps/app.xml', xmlOf(p, 'docProps/app.xml').replace(/<Application>[^<]*<\/Application>/, '<Application>Microsoft Excel</Application>'));
    });
    const r = await refusedAll([
      { name: 'dimension.xlsx', data: ours },
      { name: 'dimension-foreign.xlsx', data: foreign },
    ]);
    for (const x of r) expect(x.message).toMatch(/序号为空，应填写任务序号/);
  });

  it('__proto__ and constructor as sheet names, headers and machine keys: refused, Object.prototype unchanged', async () => {
    const data = repack((p) => {
      // Two extra sheets named __proto__ and constructor, pointing at copies of the cover.
      const cover = sheetPath(p, '封面');
      p['xl/worksheets/proto1.xml'] = p[cover]!;
      p['xl/worksheets/proto2.xml'] = p[cover]!;
      setXml(
        p,
        'xl/_rels/workbook.xml.rels',
        xmlOf(p, 'xl/_rels/workbook.xml.rels').replace(
          '</Relationships>',
          '<Relationship Id="rIdP1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/proto1.xml"/>' +
            '<Relationship Id="rIdP2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/proto2.xml"/></Relationships>',
        ),
      );
      setXml(
        p,
        'xl/workbook.xml',
        xmlOf(p, 'xl/workbook.xml').replace('</sheets>', '<sheet sheetId="90" name="__proto__" r:id="rIdP1"/><sheet sheetId="91" name="constructor" r:id="rIdP2"/></sheets>'),
      );
      setXml(
        p,
        '[Content_Types].xml',
        xmlOf(p, '[Content_Types].xml').replace(
          '</Types>',
          '<Override PartName="/xl/worksheets/proto1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
            '<Override PartName="/xl/worksheets/proto2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        ),
      );
      // Headers: 状态 becomes __proto__, 工作进展 becomes constructor.
      putString(p, '工作进展', 'E3', '<t>__proto__</t>');
      putString(p, '工作进展', 'G3', '<t>constructor</t>');
      // In place of the part hashes and the seal (rows 14 and 15), as a file of an earlier version without them: the
      // headers are read.
      putString(p, '机读信息', 'A14', '<t>__proto__</t>');
      putString(p, '机读信息', 'B14', '<t>{"polluted":1}</t>');
      putString(p, '机读信息', 'A15', '<t>constructor</t>');
      putString(p, '机读信息', 'B15', '<t>{"polluted":1}</t>');
    });
    const [r] = await refusedAll([{ name: 'proto.xlsx', data }]);
    expect(r!.message).toContain('表头行缺少“状态”、“工作进展”');
  });

  it('a 10 MB single cell: refused with its sheet, row and column', async () => {
    // Random CJK text, so the compression ratio stays ordinary (a repeated text is caught as a zip bomb).
    const rnd = prng(10);
    const text = Array.from({ length: 3_400_000 }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * 20_000))).join('');
    const data = repack((p) => putString(p, '工作进展', 'G4', `<t>${text}</t>`));
    expect(data.length).toBeLessThan(20 * 1024 * 1024);
    const path = join(dir, 'big-cell.xlsx');
    writeFileSync(path, data);
    const before = dumpDb(bureau.path);
    const r = await importFiles(bureau.core, [path]);
    expect(dumpDb(bureau.path)).toEqual(before);
    expect(r.files[0]!.status).toBe('rejected');
    expect(r.files[0]!.errors[0]).toMatchObject({ sheet: '工作进展', row: 4, column: 'G', message: expect.stringContaining('不能超过') });
  });

  it('deeply nested XML inside a cell: refused', async () => {
    const deep = `${'<r>'.repeat(50_000)}<t>x</t>${'</r>'.repeat(50_000)}`;
    const [r] = await refusedAll([{ name: 'deep.xlsx', data: repack((p) => putString(p, '工作进展', 'G4', deep)) }]);
    expect(r!.message).toContain('嵌套');
  });

  it('thousands of sheets: refused by count', async () => {
    const data = repack((p) => {
      const cover = sheetPath(p, '封面');
      let sheets = '';
      let rels = '';
      for (let i = 0; i < 1500; i++) {
        p[`xl/worksheets/x${i}.xml`] = p[cover]!;
        sheets += `<sheet sheetId="${100 + i}" name="S${i}" r:id="rIdX${i}"/>`;
        rels += `<Relationship Id="rIdX${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/x${i}.xml"/>`;
      }
      setXml(p, 'xl/workbook.xml', xmlOf(p, 'xl/workbook.xml').replace('</sheets>', `${sheets}</sheets>`));
      setXml(p, 'xl/_rels/workbook.xml.rels', xmlOf(p, 'xl/_rels/workbook.xml.rels').replace('</Relationships>', `${rels}</Relationships>`));
    });
    const [r] = await refusedAll([{ name: 'sheets.xlsx', data }]);
    expect(r!.message).toContain('工作表过多');
  });

  it('a password-protected copy (an encrypted OLE package) and an .xlsx that is really HTML', async () => {
    // What Excel writes for "encrypt with password": an OLE file with EncryptionInfo and EncryptedPackage.
    const cfb = XLSX.CFB.utils.cfb_new();
    const info = new Uint8Array(64);
    info.set([4, 0, 4, 0, 0x40, 0, 0, 0]); // agile encryption, version 4.4
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', info);
    const pkg = new Uint8Array(good.length + 8);
    pkg.set(good.map((b) => b ^ 0x5a), 8);
    XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', pkg);
    const encrypted = XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array;
    const html = strToU8('<html><head><meta charset="utf-8"></head><body><table><tr><td>机读信息</td><td>eco-progress-unit</td></tr></table></body></html>');
    const [pw, page] = await refusedAll([
      { name: 'locked.xlsx', data: encrypted },
      { name: 'page.xlsx', data: html },
    ]);
    expect(pw!.message).toContain('密码');
    expect(page!.message).toContain('无法识别');
  });

  it('the good export still imports after all of the above (the parsers survived)', async () => {
    const path = join(dir, 'good-again.xlsx');
    writeFileSync(path, good);
    const r = await importFiles(bureau.core, [path]);
    expect(r.files[0]!.status).toBe('imported');
  });
});

// The fast reader uses again what it read from a part whose compressed bytes
// it saw before (our writer gives every workbook the same workbook,
// relationship and style parts). These tests make sure that only ever
// happens for the very same bytes.
import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOurs, readPackage, Refuse } from '../../electron/core/exchange/fast-xlsx.mjs';
import { SHEETS, WRITER_APPLICATION } from '../../electron/core/exchange/format';
import type { Core } from '../../electron/core/service';
import { tempDir } from '../helpers/db';
import { exportTo, newUnit, reportOne } from './helpers';

const ALL = Object.values(SHEETS);
const read = (data: Uint8Array) => readOurs(readPackage(data)!, WRITER_APPLICATION, 1e6, SHEETS.machine, ALL, 20);
const sheet = (data: Uint8Array, name: string) => read(data).sheets.find((s) => s.name === name)!;
const texts = (data: Uint8Array, name: string) => sheet(data, name).cells.map((c) => c[3]);

/** The parts of a package, zipped again without compression (so each part's stored bytes are the part itself). */
const stored = (parts: Record<string, Uint8Array>): Uint8Array => zipSync(Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { level: 0 }]])));

/** Where an entry's compressed bytes start in the file (from its local header). */
function dataStart(zip: Uint8Array, name: string): number {
  const view = Buffer.from(zip.buffer, zip.byteOffset, zip.length);
  let p = 0;
  while (view.readUInt32LE(p) === 0x04034b50) {
    const nameLen = view.readUInt16LE(p + 26);
    const extraLen = view.readUInt16LE(p + 28);
    const entry = view.toString('utf8', p + 30, p + 30 + nameLen);
    const start = p + 30 + nameLen + extraLen;
    if (entry === name) return start;
    p = start + view.readUInt32LE(p + 18);
  }
  throw new Error(`no entry ${name}`);
}

describe('fast reader: parts seen before', () => {
  let core: Core;
  let book: Uint8Array;

  beforeAll(async () => {
    const dir = tempDir();
    ({ core } = await newUnit(dir));
    await reportOne(core);
    book = readFileSync(await exportTo(core, dir));
  });
  afterAll(() => core.close());

  it('reads a workbook the same whether its parts were seen before or not', () => {
    const first = read(book);
    // The second and third time the unchanged parts come from what was kept.
    expect(read(book)).toEqual(first);
    expect(read(book)).toEqual(first);
    expect(first.sheets.map((s) => s.name)).toEqual(expect.arrayContaining([SHEETS.machine, SHEETS.progress]));
  });

  it('does not take a damaged part for the one it looks like (same sizes and checksum in the directory)', () => {
    read(book);
    read(book);
    const copy = Uint8Array.from(book);
    // Flip a bit in the workbook part's compressed bytes only: the central directory still matches the kept part's.
    const at = dataStart(copy, 'xl/workbook.xml') + 5;
    copy[at] = (copy[at] as number) ^ 0x10;
    expect(() => readPackage(copy)).toThrow(Refuse);
  });

  it('reads a sheet again with each workbook’s own shared strings, even when the sheet’s bytes are the same', () => {
    const parts = unzipSync(book);
    const a = stored(parts);
    const sst = new TextDecoder().decode(parts['xl/sharedStrings.xml']);
    const first = /<t[^>]*>([^<]+)<\/t>/.exec(sst)![1]!;
    const b = stored({ ...parts, 'xl/sharedStrings.xml': strToU8(sst.replace(`>${first}<`, `>改过的${first}<`)) });
    // The same stored bytes for the progress sheet in both.
    const progressPart = Object.keys(parts).find((k) => k.startsWith('xl/worksheets/') && new TextDecoder().decode(parts[k]).includes('t="s"'))!;
    expect(Buffer.from(a.subarray(dataStart(a, progressPart), dataStart(a, progressPart) + 64))).toEqual(Buffer.from(b.subarray(dataStart(b, progressPart), dataStart(b, progressPart) + 64)));
    for (let i = 0; i < 3; i++) {
      const inA = ALL.flatMap((n) => texts(a, n));
      const inB = ALL.flatMap((n) => texts(b, n));
      expect(inA).toContain(first);
      expect(inA).not.toContain(`改过的${first}`);
      expect(inB).toContain(`改过的${first}`);
    }
  });

  it('reads another workbook part (a renamed sheet) afresh', () => {
    read(book);
    read(book);
    const parts = unzipSync(book);
    const wb = new TextDecoder().decode(parts['xl/workbook.xml']);
    const renamed = stored({ ...parts, 'xl/workbook.xml': strToU8(wb.replace(`name="${SHEETS.machine}"`, 'name="别的表"')) });
    expect(() => read(renamed)).toThrow(expect.objectContaining({ code: 'not_ours' }));
    expect(read(book).sheets.some((s) => s.name === SHEETS.machine)).toBe(true);
  });

  it('counts the cells of a kept sheet against the cap', () => {
    const cells = read(book).sheets.reduce((n, s) => n + s.cells.length, 0);
    expect(() => readOurs(readPackage(book)!, WRITER_APPLICATION, cells - 1, SHEETS.machine, ALL, 20)).toThrow(expect.objectContaining({ code: 'too_many_cells' }));
    expect(readOurs(readPackage(book)!, WRITER_APPLICATION, cells, SHEETS.machine, ALL, 20).sheets.length).toBe(ALL.length);
  });

  it('follows each workbook’s own relationships, even when its workbook part is the same', () => {
    const parts = unzipSync(book);
    const a = stored(parts);
    const rels = new TextDecoder().decode(parts['xl/_rels/workbook.xml.rels']);
    const targets = [...rels.matchAll(/Target="(worksheets\/sheet\d+\.xml)"/g)].map((m) => m[1]!);
    const [x, y] = [targets[0]!, targets[1]!];
    // The first two sheets' parts swapped.
    const b = stored({ ...parts, 'xl/_rels/workbook.xml.rels': strToU8(rels.replace(`"${x}"`, '"@@"').replace(`"${y}"`, `"${x}"`).replace('"@@"', `"${y}"`)) });
    const names = read(a).sheets.map((s) => s.name);
    for (let i = 0; i < 3; i++) {
      expect(texts(b, names[0]!)).toEqual(texts(a, names[1]!));
      expect(texts(b, names[1]!)).toEqual(texts(a, names[0]!));
    }
  });
});

// The fast reader uses again what it read from a part whose compressed bytes
// it saw before (our writer gives every workbook the same workbook,
// relationship and style parts). These tests make sure that only ever
// happens for the very same bytes.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Bail, checkXml, decodeUtf8, readOds, readOurs, readPackage, Refuse } from '../../electron/core/exchange/fast-xlsx.mjs';
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

describe('fast reader: UTF-8 decoding', () => {
  const reference = new TextDecoder('utf-8');
  const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

  it('gives what TextDecoder gives: byte order mark, every length of sequence, and bad bytes of every kind', () => {
    const cases: Uint8Array[] = [
      new Uint8Array(0),
      Buffer.from('\ufeff<t>生态文明 🌳 é ߿ ࠀ \uffff 𐀀 \u{10ffff}</t>'),
      Buffer.from('no mark 只有文字'),
      bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41), // a second mark is text
      bytes(0xc0, 0x80), // overlong
      bytes(0xe0, 0x80, 0x80), // overlong
      bytes(0xed, 0xa0, 0x80), // a surrogate's code point
      bytes(0xf4, 0x90, 0x80, 0x80), // past U+10FFFF
      bytes(0xf0, 0x8f, 0xbf, 0xbf), // overlong four bytes
      bytes(0x41, 0xe4, 0xb8), // cut short at the end
      bytes(0xe4, 0x41, 0x41), // a lead byte without its continuations
      bytes(0x80, 0x41), // a continuation alone
      bytes(0xf8, 0x88, 0x80, 0x80, 0x80), // five bytes
      bytes(0xff, 0xfe, 0x41, 0x00), // UTF-16 bytes
    ];
    for (const b of cases) expect(decodeUtf8(b)).toBe(reference.decode(b));
  });

  it('long parts: the scratch grows and is used again for a short one; over 1 MB and ASCII alike', () => {
    const long = Buffer.from(`${'生态文明 <t>abc</t>'.repeat(20_000)}🌳`);
    expect(long.length).toBeGreaterThan(128 * 1024);
    expect(decodeUtf8(long)).toBe(reference.decode(long));
    expect(decodeUtf8(Buffer.from('短'))).toBe('短');
    const huge = Buffer.from(`\ufeff${'进度'.repeat(200_000)}`);
    expect(huge.length).toBeGreaterThan(1024 * 1024);
    expect(decodeUtf8(huge)).toBe(reference.decode(huge));
    const ascii = Buffer.from('\ufeff<sheetData><row r="1"/></sheetData>');
    expect(decodeUtf8(ascii)).toBe(reference.decode(ascii));
  });

  it('gives what TextDecoder gives for any text and any bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const b = Buffer.from(text, 'utf8');
        expect(decodeUtf8(b)).toBe(reference.decode(b));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'binary', maxLength: 40 }), (junk, text) => {
        const b = Buffer.concat([Buffer.from(text, 'utf8'), junk, Buffer.from(text, 'utf8')]);
        expect(decodeUtf8(b)).toBe(reference.decode(b));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('fast reader: the check of an XML part (DTDs, nesting)', () => {
  /** The check as it was (two searches for the declarations, then indexOf for every < and >): the new one must answer alike. */
  function reference(b: Buffer): string {
    if (b.indexOf('<!DOCTYPE') >= 0 || b.indexOf('<!ENTITY') >= 0) return 'dtd';
    let depth = 0;
    let i = b.indexOf(0x3c);
    while (i >= 0) {
      const next = b[i + 1];
      const end = b.indexOf(0x3e, i + 1);
      if (end < 0) break;
      if (next === 0x2f) depth--;
      else if (next !== 0x3f && next !== 0x21 && b[end - 1] !== 0x2f) {
        if (++depth > 100) return 'too_deep';
      }
      i = b.indexOf(0x3c, end + 1);
    }
    return 'ok';
  }
  const verdict = (b: Uint8Array): string => {
    try {
      checkXml(b, 'x.xml');
      return 'ok';
    } catch (err) {
      expect(err).toBeInstanceOf(Refuse);
      return (err as Refuse & { code: string }).code;
    }
  };

  it('refuses a declaration anywhere, in a comment, inside a tag or at the very end; counts nesting as before', () => {
    const cases: [string, string][] = [
      ['<?xml version="1.0"?><a><b/></a>', 'ok'],
      ['<!DOCTYPE a><a/>', 'dtd'],
      ['<a><!-- x > <!ENTITY e "x"> --></a>', 'dtd'],
      ['<a><!-- <!DOCTYPE --></a>', 'dtd'],
      ['<a b="<!ENTITY"/>', 'dtd'],
      ['<a>text <!DOCTYPE', 'dtd'],
      ['<a>text <!DOCTYP', 'ok'],
      ['<a><![CDATA[<!DOCTYPE x]]></a>', 'dtd'],
      ['<!doctype a><a/>', 'ok'],
      [`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, 'ok'],
      [`${'<a>'.repeat(101)}`, 'too_deep'],
      [`${'<a x="1">'.repeat(50)}${'</a>'.repeat(50)}${'<b>'.repeat(101)}`, 'too_deep'],
      [`${'<a/>'.repeat(500)}`, 'ok'],
      [`<a>${'长文本'.repeat(100)}<b>${'x'.repeat(200)}</b></a>`, 'ok'],
    ];
    for (const [xml, want] of cases) {
      const b = Buffer.from(xml);
      expect([xml.slice(0, 40), verdict(b)]).toEqual([xml.slice(0, 40), want]);
      expect(reference(b)).toBe(want);
    }
  });

  it('answers as the earlier check for any markup (property)', () => {
    const pieces = ['<', '>', '/', '!', '?', '<a>', '</a>', '<a/>', '<!--', '-->', '<!DOCTYPE', '<!ENTITY', '<!DOC', 'TYPE', 'ENTITY', '<?x?>', ' ', 'x', '文', '"'];
    const markup = fc.array(fc.constantFrom(...pieces), { maxLength: 200 }).map((p) => p.join(''));
    const deep = fc.tuple(fc.integer({ min: 90, max: 110 }), markup).map(([n, tail]) => `${'<a>'.repeat(n)}${tail}`);
    const spaced = fc.tuple(markup, fc.integer({ min: 0, max: 130 })).map(([m, n]) => m.replace(/>/g, `>${' '.repeat(n)}`));
    fc.assert(
      fc.property(fc.oneof(markup, deep, spaced), (xml) => {
        const b = Buffer.from(xml);
        expect(verdict(b)).toBe(reference(b));
        // A plain Uint8Array (a stored entry of a file read as one) alike.
        expect(verdict(new Uint8Array(b))).toBe(reference(b));
      }),
      { numRuns: 3000 },
    );
  });
});

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

  it('hands a part seen again out as kept, even when a package of many other parts came first', async () => {
    // A fresh instance of the reader: nothing kept yet.
    vi.resetModules();
    const fresh = (await import('../../electron/core/exchange/fast-xlsx.mjs')) as typeof import('../../electron/core/exchange/fast-xlsx.mjs');
    const sheets = (data: Uint8Array) => fresh.readOurs(fresh.readPackage(data)!, WRITER_APPLICATION, 1e6, SHEETS.machine, ALL, 20).sheets;
    // A foreign package of 80 small parts, twice: more names than the memo holds.
    const many = zipSync(Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`x/p${i}.xml`, strToU8(`<a>${i}</a>`)])));
    fresh.readPackage(many);
    fresh.readPackage(many);
    sheets(book);
    const kept = sheets(book);
    // The same cells (the very array) come back for a part it kept.
    const again = sheets(book);
    expect(again.map((x) => x.cells)).toEqual(kept.map((x) => x.cells));
    expect(again.some((x, i) => x.cells === kept[i]!.cells)).toBe(true);
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

describe('fast reader: OpenDocument spreadsheets', () => {
  const ods = (tables: string, styles = ''): Uint8Array => {
    const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
    return zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(content), 'meta.xml': strToU8('<office:document-meta><office:meta><meta:generator>LibreOffice/7.4</meta:generator><dc:date>2021-10-03T10:00:00</dc:date></office:meta></office:document-meta>') });
  };
  const readIt = (data: Uint8Array, required?: string) => readOds(readPackage(data)!, 1e6, required, undefined, 20);
  const cell = (attrs: string, inner = '') => `<table:table-cell ${attrs}>${inner}</table:table-cell>`;

  it('keeps texts as typed: spaces (literal and <text:s/>), tabs, line breaks, paragraphs, spans, _x0041_, entities; notes left out', () => {
    const t = readIt(
      ods(
        `<table:table table:name="表&amp;一"><table:table-row>${cell('office:value-type="string"', '<text:p><text:s/>李四 </text:p>')}${cell('office:value-type="string"', '<text:p>甲  乙<text:s text:c="3"/>丙<text:tab/>丁</text:p><text:p>第二行<text:line-break/>第三行 <text:span text:style-name="T1">粗体</text:span> _x0041_ &lt;b&gt;&amp;&#x1F333;</text:p><office:annotation><text:p>批注不算</text:p></office:annotation>')}</table:table-row></table:table>`,
      ),
    );
    expect(t.sheets[0]!.name).toBe('表&一');
    expect(t.sheets[0]!.cells.map((c) => c[3])).toEqual([' 李四 ', '甲  乙   丙\t丁\n第二行\n第三行 粗体 _x0041_ <b>&🌳']);
    expect(t.application).toBe('LibreOffice/7.4');
    // ODF keeps the save time without a zone: the unit's local time, China time, whatever this machine's zone.
    expect(t.modified).toBe('2021-10-03T02:00:00.000Z');
    // LibreOffice sometimes puts the whole text in office:string-value: entities decoded, `_x0041_` kept.
    const v = readIt(ods(`<table:table table:name="甲"><table:table-row>${cell('office:value-type="string" office:string-value="_x0041_ 甲&#x0a;丙"', '<text:p>_x0041_ 甲</text:p><text:p>丙</text:p>')}</table:table-row></table:table>`));
    expect(v.sheets[0]!.cells[0]![3]).toBe('_x0041_ 甲\n丙');
  });

  it('repeated rows and columns, merged areas, numbers, percentages, booleans, formulas, hidden tables', () => {
    const t = readIt(
      ods(
        `<table:table table:name="甲"><table:table-row table:number-rows-repeated="2">${cell('table:number-columns-repeated="2" office:value-type="float" office:value="7"')}</table:table-row>` +
          `<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>` +
          `<table:table-row>${cell('table:number-columns-spanned="2" table:number-rows-spanned="3" office:value-type="percentage" office:value="0.255"', '<text:p>25.5%</text:p>')}<table:covered-table-cell/>${cell('office:value-type="boolean" office:boolean-value="true"')}${cell('table:formula="of:=1+1" office:value-type="float" office:value="2"')}</table:table-row></table:table>` +
          `<table:table table:name="机读信息" table:style-name="ta2"/>`,
        '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>',
      ),
      '机读信息',
    );
    const [a, b] = t.sheets;
    expect(a!.cells).toEqual([
      [0, 0, 'n', 7, 0],
      [0, 1, 'n', 7, 0],
      [1, 0, 'n', 7, 0],
      [1, 1, 'n', 7, 0],
      [1000002, 0, 'n', 25.5, 0],
      [1000002, 2, 'b', true, 0],
      [1000002, 3, 'n', 2, 1],
    ]);
    expect(a!.merges).toEqual([[1000002, 0, 1000004, 1]]);
    expect([a!.hidden, b!.hidden]).toEqual([0, 1]);
    // A spreadsheet's TRUE and FALSE as LibreOffice keeps them (a number with =TRUE()): booleans, as the .xlsx and .xls readers have them.
    const tf = readIt(ods(`<table:table table:name="甲"><table:table-row>${cell('table:formula="of:=TRUE()" office:value-type="float" office:value="1"')}${cell('table:formula="of:=FALSE()" office:value-type="float" office:value="0"')}</table:table-row></table:table>`));
    expect(tf.sheets[0]!.cells).toEqual([
      [0, 0, 'b', true, 1],
      [0, 1, 'b', false, 1],
    ]);
  });

  it('reads a date as shown when shown in Chinese (2021年10月), else in words from its value', () => {
    const dates = readIt(
      ods(
        `<table:table table:name="甲"><table:table-row>${cell('office:value-type="date" office:date-value="2021-10-01"', '<text:p>2021年10月</text:p>')}${cell('office:value-type="date" office:date-value="2021-10-03"', '<text:p>10/03/2021</text:p>')}${cell('office:value-type="date" office:date-value="2021-10-03T12:30:00"', '<text:p>10/03/21 12:30</text:p>')}</table:table-row></table:table>`,
      ),
    );
    expect(dates.sheets[0]!.cells).toEqual([
      [0, 0, 'd', '2021年10月', 0],
      [0, 1, 'd', '2021年10月3日', 0],
      [0, 2, 'd', '2021年10月3日 12:30', 0],
    ]);
  });

  it('steps aside (for SheetJS) for what it does not read; refuses a workbook without the machine sheet; counts cells', () => {
    expect(() => readIt(ods(`<table:table table:name="甲"><table:table-row>${cell('office:value-type="time" office:time-value="PT12H30M"')}</table:table-row></table:table>`))).toThrow(Bail);
    expect(() => readIt(ods(`<table:table table:name="甲"><table:table-row>${cell('office:value-type="string"', '<text:p><text:note>脚注</text:note></text:p>')}</table:table-row></table:table>`))).toThrow(Bail);
    expect(() => readIt(ods(`<table:table table:name="甲"><table:table-row>${cell('office:value-type="string"', '<table:table table:name="内"/>')}</table:table-row></table:table>`))).toThrow(Bail);
    expect(() => readIt(ods('<table:table table:name="甲"/>'), '机读信息')).toThrow(expect.objectContaining({ code: 'not_ours', sheetNames: ['甲'] }));
    const many = ods(`<table:table table:name="甲"><table:table-row table:number-rows-repeated="5000">${cell('table:number-columns-repeated="300" office:value-type="float" office:value="1"')}</table:table-row></table:table>`);
    expect(() => readOds(readPackage(many)!, 100000, undefined, undefined, 20)).toThrow(expect.objectContaining({ code: 'too_many_cells' }));
  });
});

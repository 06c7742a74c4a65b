/** safeFileName: the one rule for a file name kept or written out (shared/file-name.ts). */
import { describe, expect, it } from 'vitest';
import { NAME_BYTES, safeFileName, utf8Bytes } from '../../shared/file-name';
import { LIMITS } from '../../shared/report';

describe('safeFileName', () => {
  it('drops folders, replaces what Windows refuses, prefixes device names', () => {
    expect(safeFileName('../../../tmp/evil.txt')).toBe('evil.txt');
    expect(safeFileName('C:\\Windows\\System32\\evil.dll')).toBe('evil.dll');
    expect(safeFileName('/etc/passwd')).toBe('passwd');
    expect(safeFileName('a:b|c?.txt')).toBe('a_b_c_.txt');
    expect(safeFileName('CON')).toBe('_CON');
    expect(safeFileName('nul.txt')).toBe('_nul.txt');
    expect(safeFileName(' 报告.pdf. ')).toBe('报告.pdf');
    expect(safeFileName('..')).toBe('未命名文件');
  });

  it('cuts a long name before its extension, leaves no trailing space, and keeps within 255 UTF-8 bytes', () => {
    const long = `${'关于济阳街道河长制湖长制工作落实情况的汇报材料'.repeat(9)}.pdf`;
    const cut = safeFileName(long);
    expect(cut.endsWith('.pdf')).toBe(true);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(NAME_BYTES);
    expect(long.startsWith(cut.slice(0, -4))).toBe(true);
    // Cut where a space was: no trailing space is left (a workbook's reader trims it, and the content hash differs).
    const spaced = safeFileName(`${'汇'.repeat(79)} 终稿.pdf`);
    expect(spaced).toBe(`${'汇'.repeat(78)}.pdf`);
    expect(safeFileName(`${'a'.repeat(199)} 终稿`)).toBe('a'.repeat(199));
    // ASCII: the character limit.
    const ascii = safeFileName(`${'x'.repeat(300)}.docx`);
    expect([Array.from(ascii).length, ascii.endsWith('.docx')]).toEqual([LIMITS.evidenceName, true]);
    // Four-byte characters are never split.
    expect(Array.from(safeFileName('𠀀'.repeat(100))).every((c) => c === '𠀀')).toBe(true);
  });

  it('drops noncharacters and lone surrogates, which a workbook cannot carry', () => {
    expect(safeFileName('报告\uFFFE.pdf')).toBe('报告.pdf');
    expect(safeFileName('报告\uFFFF.pdf')).toBe('报告.pdf');
    expect(safeFileName('报告\uD800.pdf')).toBe('报告.pdf');
    expect(safeFileName('报告😀.pdf')).toBe('报告😀.pdf');
  });

  it('returns what it returns unchanged', () => {
    const names = ['CON', 'a:b', `${'汇'.repeat(199)} 终稿.pdf`, '..\\x\\ y .', '\uFFFE.pdf', `${'x'.repeat(300)}`, 'com1.txt', '  .tar.gz', `${'長'.repeat(100)}.${'e'.repeat(16)}`];
    for (const n of names) expect(safeFileName(safeFileName(n))).toBe(safeFileName(n));
  });
});

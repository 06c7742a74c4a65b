/**
 * Looks at a file before any parser does: what kind of container it is, and
 * (for zip packages) what the central directory declares, without inflating
 * anything. Catches zip bombs and files that are not spreadsheets at all.
 */
import { unzipSync } from 'fflate';
import { MB, type ImportLimits } from './limits';

export type BookKind = 'xlsx' | 'ods' | 'cfb';

export interface ZipEntryInfo {
  name: string;
  size: number;
  originalSize: number;
}

/**
 * A refusal says what is wrong with the file; `fix`, where the sender can mend it, what to do (“另存为 .xlsx”): each
 * caller says who should (a unit's submission, the bureau's set-up file). See `sniffRefusal`.
 */
export type Sniff = { ok: true; kind: BookKind } | { ok: false; code: string; message: string; fix?: string };

/** A refusal of `sniffWorkbook` for a submission: what to do said to the bureau, who tells the unit. */
export const sniffRefusal = (s: Extract<Sniff, { ok: false }>): string => (s.fix ? `${s.message}：请报送单位${s.fix}后再报送` : s.message);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The first bytes of an old Excel (.xls) or WPS (.et) file: a workbook renamed .zip is still a workbook. */
export const startsLikeCfb = (head: Uint8Array): boolean => head.length >= 4 && CFB.slice(0, 4).every((b, i) => head[i] === b);
const startsWith = (b: Uint8Array, sig: number[]): boolean => sig.every((x, i) => b[i] === x);

export const isZip = (b: Uint8Array): boolean => startsWith(b, ZIP) || startsWith(b, ZIP_EMPTY);

/** Reads the central directory only (the filter declines every entry, so nothing is inflated). */
export function zipDirectory(data: Uint8Array): ZipEntryInfo[] {
  const out: ZipEntryInfo[] = [];
  unzipSync(data, {
    filter: (f) => {
      out.push({ name: f.name, size: f.size, originalSize: f.originalSize });
      return false;
    },
  });
  return out;
}

/** Entry count, total and per-entry ratio against the caps; null when all is well. */
export function checkZipCaps(entries: ZipEntryInfo[], maxEntries: number, maxTotal: number, limits: ImportLimits, what: '工作簿' | '压缩包'): string | null {
  // A workbook is a zip inside, but people know it as a workbook: its parts are not named to them.
  if (entries.length > maxEntries) return `${what}内部的文件过多（${entries.length} 个，上限 ${maxEntries} 个），疑似被恶意改造，不予导入`;
  let total = 0;
  for (const e of entries) {
    total += e.originalSize;
    if (e.originalSize > 1024 * 1024 && e.originalSize / Math.max(e.size, 1) > limits.maxRatio) {
      return `${what}${what === '压缩包' ? `中的“${e.name}”` : ''}解压后异常膨胀（${MB(e.originalSize)}，超过压缩时的 ${limits.maxRatio} 倍），疑似被恶意改造（压缩炸弹），不予导入`;
    }
  }
  if (total > maxTotal) return `${what}解压后过大（${MB(total)}，上限 ${MB(maxTotal)}），疑似被恶意改造（压缩炸弹），不予导入`;
  return null;
}

/** What kind of workbook the bytes are, or why they cannot be one of ours. */
export function sniffWorkbook(data: Uint8Array, limits: ImportLimits): Sniff {
  if (data.length === 0) return { ok: false, code: 'empty_file', message: '文件是空的（0 字节）' };
  if (data.length > limits.maxWorkbookBytes) {
    return { ok: false, code: 'too_large', message: `文件过大（${MB(data.length)}，工作簿上限 ${MB(limits.maxWorkbookBytes)}）` };
  }
  if (startsWith(data, CFB)) return { ok: true, kind: 'cfb' };
  if (!isZip(data)) return { ok: false, code: 'not_a_workbook', message: '不是 Excel、WPS 或 LibreOffice 工作簿（无法识别的文件内容）', fix: '核对发来的是否为报送文件，重新导出' };
  let entries: ZipEntryInfo[];
  try {
    entries = zipDirectory(data);
  } catch {
    return { ok: false, code: 'damaged', message: '文件已损坏（可能未传送完整），无法读取', fix: '重新导出或重新保存' };
  }
  const caps = checkZipCaps(entries, limits.maxWorkbookEntries, limits.maxWorkbookUncompressed, limits, '工作簿');
  if (caps) return { ok: false, code: 'zip_bomb', message: caps };
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (names.has('xl/workbook.bin')) {
    return { ok: false, code: 'unsupported_format', message: '这是 Excel 二进制工作簿（.xlsb），本系统不接受', fix: '另存为 .xlsx' };
  }
  if (names.has('xl/vbaproject.bin')) {
    return { ok: false, code: 'macro_workbook', message: '工作簿含有宏（VBA），本系统不接受', fix: '另存为不含宏的 .xlsx' };
  }
  if (names.has('xl/workbook.xml')) return { ok: true, kind: 'xlsx' };
  if (names.has('content.xml') && names.has('mimetype')) return { ok: true, kind: 'ods' };
  if (names.has('content.xml')) return { ok: true, kind: 'ods' };
  return { ok: false, code: 'not_a_workbook', message: '不是 Excel、WPS 或 LibreOffice 工作簿（压缩包中没有工作簿内容）', fix: '核对发来的是否为报送文件，重新导出' };
}

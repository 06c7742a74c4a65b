/**
 * Text going into ExcelJS. Two problems are handled here:
 * - XML 1.0 cannot carry most control characters, and turns CR into LF: the
 *   text is normalised the way a spreadsheet would keep it.
 * - ExcelJS 4.4.0 encodes its XML in chunks and splits a surrogate pair that
 *   falls on a chunk boundary, turning an emoji into two U+FFFD. So every
 *   character outside the BMP (and our two marker characters themselves) is
 *   written as a private-use marker and put back into the package afterwards.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { normalizeText } from './content';

const OPEN = '\ue000';
const CLOSE = '\ue001';
const NEEDS_MARKER = /[\u{10000}-\u{10ffff}\ue000\ue001]/gu;
const MARKER = /\ue000([0-9a-f]{1,6})\ue001/g;

export function cellText(s: string): string {
  return normalizeText(s).replace(NEEDS_MARKER, (ch) => `${OPEN}${(ch.codePointAt(0) as number).toString(16)}${CLOSE}`);
}

/** Puts the marked characters back, and optionally replaces whole entries of the package. */
export function finishPackage(xlsx: Uint8Array, replace: Record<string, string> = {}): Buffer {
  const entries = unzipSync(xlsx);
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.xml')) continue;
    const xml = strFromU8(data);
    if (xml.includes(OPEN)) entries[name] = strToU8(xml.replace(MARKER, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))));
  }
  for (const [name, xml] of Object.entries(replace)) entries[name] = strToU8(xml);
  return Buffer.from(zipSync(entries, { level: 6 }));
}

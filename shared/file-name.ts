/**
 * File names kept and written back out: the one rule (safeFileName) for a name
 * stored from a clerk's upload, an import or a hand-fill template, and for the
 * names of files the app writes. Free of node: imports (the parser workers and
 * the desktop shell load it too).
 */
import { LIMITS } from './report';

/**
 * The most UTF-8 bytes a kept name takes: Linux file systems allow 255 bytes a name (a Chinese character is 3), and a
 * bundle's entry puts `1a2b3c4d-` before it, the 佐证材料包 ` (2)` after its stem.
 */
export const NAME_BYTES = 240;

/** Characters no file name may hold on Windows, and control characters. */
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
/**
 * What a workbook cannot carry or keep as it is (noncharacters, a lone half of a surrogate pair): dropped, so a kept
 * name is written into a workbook and read back the same (the content hash counts names).
 */
const UNKEPT = /[\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Windows' device names: a file so named (with any extension) is the device, not a file. */
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** An extension kept when a long name is cut (照片.jpg, 报告.docx). */
const EXTENSION = /\.[^.\s]{1,16}$/;

const utf8 = new TextEncoder();
/** A string's length in UTF-8 bytes. */
export const utf8Bytes = (s: string): number => utf8.encode(s).length;

/** Whether a name is a Windows device name (CON, nul.txt, COM1.log). */
export const isDeviceName = (name: string): boolean => DEVICE.test(name.replace(/[.\s]+$/, ''));

/** No leading dots or spaces, no trailing ones (Windows drops them, and a workbook's reader trims). */
const trimmed = (s: string): string => s.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');

/** `s` cut, by whole characters, to at most `chars` characters and `bytes` UTF-8 bytes. */
export function cutTo(s: string, chars: number, bytes: number): string {
  let out = '';
  let n = 0;
  let b = 0;
  for (const ch of s) {
    const w = utf8Bytes(ch);
    if (n + 1 > chars || b + w > bytes) break;
    out += ch;
    n++;
    b += w;
  }
  return out;
}

/**
 * A long name cut to at most `chars` characters and `bytes` UTF-8 bytes, its extension kept (照片.jpg stays a .jpg),
 * with no trailing dot or space left by the cut.
 */
export function cutName(name: string, chars: number, bytes: number): string {
  if (Array.from(name).length <= chars && utf8Bytes(name) <= bytes) return name;
  const ext = EXTENSION.exec(name)?.[0] ?? '';
  const stem = cutTo(name.slice(0, name.length - ext.length), chars - Array.from(ext).length, bytes - utf8Bytes(ext)).replace(/[.\s]+$/, '');
  return stem === '' ? cutTo(name, chars, bytes).replace(/[.\s]+$/, '') : `${stem}${ext}`;
}

/**
 * A file name safe to keep and to write back out: no folders, no control characters or characters Windows refuses, no
 * device names, no leading or trailing dots and spaces, at most LIMITS.evidenceName characters and NAME_BYTES bytes
 * (cut before its extension). What it returns it returns unchanged.
 */
export function safeFileName(raw: string): string {
  const parts = raw.replace(/\\/g, '/').split('/').filter((p) => p !== '');
  let name = trimmed((parts.pop() ?? '').replace(UNSAFE, '_').replace(UNKEPT, ''));
  if (DEVICE.test(name)) name = `_${name}`;
  if (name === '') name = '未命名文件';
  return cutName(name, LIMITS.evidenceName, NAME_BYTES) || '未命名文件';
}

// Types of fast-xlsx.mjs (plain JavaScript, read by the parser worker).
import type { RawBook } from './parse-pool';

export class Bail extends Error {}
export class Refuse extends Error {
  code: string;
  constructor(code: string, message: string);
}
/** The package's XML parts by name; null when it uses something this reader does not handle. */
export function readPackage(data: Uint8Array): Map<string, Uint8Array> | null;
/** The same parts, each inflated and checked only when first asked for; a part over maxPartBytes throws Bail. */
export function lazyPackage(data: Uint8Array, maxPartBytes?: number): { get(name: string): Uint8Array | undefined } | null;
export function readOurs(
  parts: { get(name: string): Uint8Array | undefined },
  application: string,
  maxCells: number,
  required: string | undefined,
  wanted: string[] | undefined,
  maxSheets: number,
  sharedStrings?: boolean,
): RawBook;
/** A sheet name as compared: without spaces, full-width forms folded. */
export function sheetKey(name: string): string;
/** Whether `name` is one of `wanted` (by sheetKey). */
export function sheetWanted(wanted: readonly string[], name: string): boolean;
/** A number in a date or time format, in words, with the parts the format shows (2021年10月1日, 10月1日, 12:00, an elapsed 1485:36). */
export function dateShown(serial: number, format: string, date1904: boolean): string;
/** Built-in date and time number formats by id, the Chinese ones (27–36, 50–58) among them. */
export const BUILTIN_DATE_FORMATS: Record<number, string>;
/** Two digits: 8 → 08. */
export function pad2(n: number): string;
/** Whether a number format shows a date or time. */
export function isDateFormat(format: string): boolean;
/** Whether a number format shows its number as a percentage. */
export function isPercentFormat(format: string): boolean;
/** A fraction shown as a percentage, as the number shown (0.255 → 25.5). */
export function percentShown(value: number): number;
/** An OpenDocument spreadsheet's sheets from its content.xml (texts exactly as kept); Bail for anything unusual. */
export function readOds(
  parts: { get(name: string): Uint8Array | undefined },
  maxCells: number,
  required: string | undefined,
  wanted: string[] | undefined,
  maxSheets: number,
): RawBook;
/** The zip's central directory by entry name (flags: bit 11 set when the name is UTF-8); null for ZIP64 and the like; throws Refuse when damaged. */
export function openZip(b: Uint8Array): Map<string, { name: string; flags: number; method: number; crc: number; csize: number; usize: number; local: number }> | null;

// Types of fast-xlsx.mjs (plain JavaScript, read by the parser worker).
import type { Drawn, RawBook } from './parse-pool';

export class Bail extends Error {}
export class Refuse extends Error {
  code: string;
  constructor(code: string, message: string);
}
/** An XML part's text, as TextDecoder('utf-8') decodes it (faster for well-formed UTF-8). */
export function decodeUtf8(b: Uint8Array): string;
/** Throws Refuse (`dtd`, `too_deep`) for a part holding a DTD or an entity declaration, or nested deeper than 100. */
export function checkXml(b: Uint8Array, name: string): void;
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
/** Pictures, text boxes and comments placed over an .xlsx's sheets, by sheet name, each with its cell ('' when placed by position alone). */
export function sheetDrawn(parts: Map<string, Uint8Array>): Map<string, Drawn[]>;
/** A column's letters (0 → A). */
export function columnLetters(c: number): string;
/** A sheet name as compared: without spaces, full-width forms folded. */
export function sheetKey(name: string): string;
/** Names a clerk gives a sheet from its own title: read as the sheet they name. */
export const SHEET_ALIASES: Readonly<Record<string, readonly string[]>>;
/** The key of the sheet a name given to a sheet names as its title does (SHEET_ALIASES), or undefined. */
export function aliasedSheetKey(name: string): string | undefined;
/** Whether `name` is one of `wanted` (by sheetKey), or names one of them as its title does (SHEET_ALIASES). */
export function sheetWanted(wanted: readonly string[], name: string): boolean;
/** A number in a date or time format, in words, with the parts the format shows (2021年10月1日, 10月1日, 12:00, an elapsed 1485:36). */
export function dateShown(serial: number, format: string, date1904: boolean): string;
/** The parts of a package to hand SheetJS changed (built-in date formats declared, characters beyond U+FFFF as themselves), by name. */
export function partsForSheetJS(parts: Map<string, Uint8Array>): Map<string, Uint8Array>;
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
/** An .ods package's save time (ISO, China time where it names no zone) and saving program, from its meta.xml. */
export function odsMeta(parts: { get(name: string): Uint8Array | undefined }): { modified: string | null; application: string | null };
/** The zip's central directory by entry name (flags: bit 11 set when the name is UTF-8); null for ZIP64 and the like; throws Refuse when damaged. */
export function openZip(b: Uint8Array): Map<string, ZipEntry> | null;
/**
 * An entry of a zip's central directory (flags: bit 11 set when the name is UTF-8; local: its local header's offset;
 * link: a symbolic link zipped as one, made on Unix with its mode in the external attributes).
 */
export interface ZipEntry {
  name: string;
  flags: number;
  link: boolean;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  local: number;
}
/** The end record in `b` (the zip or its last 65,557 bytes): the central directory's entry count, size and offset; null when none, or ZIP64. */
export function endRecord(b: Uint8Array): { count: number; size: number; offset: number } | null;
/** Where the end of central directory record's signature is in the last 65,557 bytes of `b`; -1 when it is not. */
export function endSignatureAt(b: Uint8Array): number;
/** `count` central directory records from b[at]; null for ZIP64 or encrypted entries; throws Refuse when damaged. */
export function centralDirectory(b: Uint8Array, at: number, count: number): Map<string, ZipEntry> | null;
/** The length of a local header (30 bytes, name, extra field) from its first 30 bytes; -1 when they are not one. */
export function localHeaderLength(b: Uint8Array): number;
/** One entry's bytes from `b` (its local header at e.local), inflated, size and CRC-32 checked; throws Refuse. oneChunk: inflated into one buffer of the declared size (for sizes already checked against caps). */
export function inflateEntry(b: Uint8Array, e: ZipEntry, oneChunk?: boolean): Uint8Array;

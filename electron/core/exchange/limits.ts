import { availableParallelism } from 'node:os';

/** Caps that keep a hostile or broken file from taking the app down (zip bombs, runaway parses). */
export interface ImportLimits {
  /** One workbook file, bytes. Our workbooks are tens of kilobytes; evidence travels beside them. */
  maxWorkbookBytes: number;
  /** One .zip container (bundles with evidence), bytes. */
  maxZipBytes: number;
  /** Entries in a workbook's zip package. */
  maxWorkbookEntries: number;
  /** Entries in a .zip container. */
  maxZipEntries: number;
  /** Declared uncompressed size of a workbook package. */
  maxWorkbookUncompressed: number;
  /** Declared uncompressed size of a container. */
  maxZipUncompressed: number;
  /** Uncompressed / compressed, checked for entries above 1 MB. */
  maxRatio: number;
  /** Wall-clock time to parse one workbook; the parser is killed beyond it. */
  timeCapMs: number;
  /** Heap of one parser worker, MB; a file needing more is refused. */
  workerHeapMb: number;
  /** Cells handed back by the parser for one workbook. */
  maxCells: number;
  /** Sheets in one workbook (ours have five). */
  maxSheets: number;
  /** Parallel parsers. */
  workers: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  maxWorkbookBytes: 20 * 1024 * 1024,
  // As BUNDLE_MAX_BYTES, which the app checks before sending an unzipped bundle (this module stays free of the API's schemas).
  maxZipBytes: 1024 * 1024 * 1024,
  maxWorkbookEntries: 2000,
  maxZipEntries: 50_000,
  maxWorkbookUncompressed: 200 * 1024 * 1024,
  maxZipUncompressed: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  timeCapMs: 15_000,
  workerHeapMb: 512,
  maxCells: 200_000,
  maxSheets: 100,
  workers: Math.max(1, Math.min(4, availableParallelism() - 1)),
};

/** Sizes in messages: whole megabytes as such, others to two places (21,000,000 bytes is 20.03 MB, over a 20 MB cap). */
export const MB = (n: number): string => {
  const v = n / 1024 / 1024;
  return `${Number.isInteger(v) ? v : v.toFixed(2)} MB`;
};

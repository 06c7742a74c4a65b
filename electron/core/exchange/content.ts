/**
 * What a unit workbook says, independent of how it is laid out, and the hash
 * of it. The writer hashes what it writes; the reader hashes what it reads; a
 * difference means someone changed the workbook after it was exported.
 */
import type { IndicatorValue, Status } from '../../../shared/report';
import { sha256 } from '../fsutil';

export interface TaskEntry {
  task: number;
  /** Null for a row left empty (no report for this task). */
  status: Status | null;
  percent: number | null;
  progress: string;
  problems: string;
  next: string;
}

export interface EvidenceEntry {
  task: number;
  name: string;
  size: number;
  hash: string;
  /** A filled template's row (no hash) on the 佐证材料 sheet, for what is said of it; not part of the content. */
  row?: number;
}

export interface WorkbookContent {
  unit: string;
  period: string;
  filledBy: string;
  phone: string;
  tasks: TaskEntry[];
  /** Keyed by indicator id; only indicators with a value. */
  indicators: Record<string, IndicatorValue>;
  evidence: EvidenceEntry[];
}

/** What normalizeText changes: CR (0x0d) and the control characters XML cannot carry. */
const UNKEPT = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/;

/**
 * Text as a spreadsheet keeps it: XML turns CR LF and lone CR into LF, and
 * cannot carry most control characters at all. Word's line and page breaks
 * (VT, FF: pasted from a document) are line breaks, as the app's form takes them.
 */
export const normalizeText = (s: string): string =>
  // Most texts hold none of these: one scan to find out, instead of two replacing nothing.
  !UNKEPT.test(s) ? s : s.replace(/\r\n?/g, '\n').replace(/[\u000b\u000c]/g, '\n').replace(/[\u0000-\u0008\u000e-\u001f\ufffe\uffff]/g, '');


export function canonicalContent(c: WorkbookContent): string {
  const tasks = [...c.tasks]
    .filter((t) => t.status !== null)
    .sort((a, b) => a.task - b.task)
    .map((t) => [t.task, t.status, t.percent, normalizeText(t.progress), normalizeText(t.problems), normalizeText(t.next)]);
  const indicators = Object.entries(c.indicators)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const evidence = [...c.evidence]
    .sort((a, b) => a.task - b.task || a.hash.localeCompare(b.hash) || a.name.localeCompare(b.name))
    // A name as its cell keeps it and the reader reads it (a stored name an earlier version kept with U+FFFE or a
    // trailing space: the writer's hash is then the reader's, an untouched file read as untouched).
    .map((e) => [e.task, normalizeText(e.name).trim(), e.hash]);
  return JSON.stringify({ v: 1, unit: c.unit, period: c.period, filledBy: c.filledBy, phone: c.phone, tasks, indicators, evidence });
}

export const contentHash = (c: WorkbookContent): string => sha256(canonicalContent(c));

/**
 * What a unit workbook says, independent of how it is laid out, and the hash
 * of it. The writer hashes what it writes; the reader hashes what it reads; a
 * difference means someone changed the workbook after it was exported.
 */
import type { IndicatorValue, Status } from '../../../shared/report';
import { sha256 } from '../fsutil';
import { asOneLine } from '../../../shared/text';

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


/** What one task's row says (a row left empty, null status, is no part of the content). */
/**
 * 填报人 and 联系电话 as their cover cells carry them and the import reads them (a CR in either, saved on the command
 * line by an earlier version, had made an untouched file read as edited after its export, and dated at its import).
 * The same as stored for any value the app saves now (one line: asOneLine).
 */
const coverCanon = (c: { filledBy: string; phone: string }): [string, string] => [normalizeText(c.filledBy), asOneLine(normalizeText(c.phone))];

const taskCanon = (t: TaskEntry) => [t.task, t.status, t.percent, normalizeText(t.progress), normalizeText(t.problems), normalizeText(t.next)];

/** The content's parts as hashed: its tasks with a status by number, its indicators with a value, its evidence list. */
function canonicalParts(c: WorkbookContent) {
  const tasks = [...c.tasks].filter((t) => t.status !== null).sort((a, b) => a.task - b.task);
  const indicators = Object.entries(c.indicators)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const evidence = [...c.evidence]
    .sort((a, b) => a.task - b.task || a.hash.localeCompare(b.hash) || a.name.localeCompare(b.name))
    // A name as its cell keeps it and the reader reads it (a stored name an earlier version kept with U+FFFE or a
    // trailing space: the writer's hash is then the reader's, an untouched file read as untouched).
    .map((e) => [e.task, normalizeText(e.name).trim(), e.hash]);
  return { tasks, indicators, evidence };
}

export function canonicalContent(c: WorkbookContent): string {
  const { tasks, indicators, evidence } = canonicalParts(c);
  const [filledBy, phone] = coverCanon(c);
  return JSON.stringify({ v: 1, unit: c.unit, period: c.period, filledBy, phone, tasks: tasks.map(taskCanon), indicators, evidence });
}

export const contentHash = (c: WorkbookContent): string => sha256(canonicalContent(c));

/** A text this long (trimmed) tells one task's entry from another's; shorter ones (无, 继续推进) are shared by chance. */
export const TELLING_TEXT = 6;

/** The three texts of a row as part_hashes names them: `t6p` 工作进展, `t6q` 存在问题, `t6n` 下步计划. */
export const TEXT_PARTS = [
  ['p', 'progress'],
  ['q', 'problems'],
  ['n', 'next'],
] as const;

/**
 * The hash of each part of the content, as the machine sheet's `part_hashes` keeps them: `t6` for task 6's row (a
 * task with a status), `t6p`, `t6q`, `t6n` for its 工作进展, 存在问题 and 下步计划 when they say enough to tell
 * (TELLING_TEXT), `cover` (填报人, 联系电话), `indicators`, `evidence`; each the first 12 hex digits of a SHA-256.
 * What lets an import say which parts a clerk changed, and see entries moved to other tasks' rows.
 */
export function partHashes(c: WorkbookContent): Map<string, string> {
  const { tasks, indicators, evidence } = canonicalParts(c);
  const short = (v: unknown): string => sha256(JSON.stringify(v)).slice(0, 12);
  const out = new Map<string, string>();
  // The task number is no part of a row's hash: the same row under another number is what a moved entry looks like.
  // Tabs are no part of any (LibreOffice drops them from an .ods's texts: an untouched file would read as edited).
  const tabless = (s: string): string => normalizeText(s).replace(/\t/g, '');
  for (const t of tasks) {
    out.set(`t${t.task}`, short([t.status, t.percent, tabless(t.progress), tabless(t.problems), tabless(t.next)]));
    for (const [k, field] of TEXT_PARTS) {
      const text = tabless(t[field]);
      if (text.trim().length >= TELLING_TEXT) out.set(`t${t.task}${k}`, short(text));
    }
  }
  out.set('cover', short(coverCanon(c)));
  out.set('indicators', short(indicators));
  out.set('evidence', short(evidence));
  return out;
}

/** `part_hashes` as written: `t6:0123456789ab;…;cover:…`. */
export const writeParts = (parts: Map<string, string>): string => [...parts].map(([k, v]) => `${k}:${v}`).join(';');

/** `part_hashes` as read; null when the value is not of that form (not written by the app, or changed by hand). */
export function readParts(s: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const piece of s.split(';')) {
    const m = /^([a-z]+\d*[a-z]?):([0-9a-f]{12})$/.exec(piece);
    if (!m) return null;
    out.set(m[1] as string, m[2] as string);
  }
  return out.size > 0 ? out : null;
}

/**
 * The machine sheet's seal: a hash of every key and value it holds but the seal itself, in their order, as read
 * (trimmed). Every key the sheet holds, not a list of this version's: a later version's file, with keys this one does
 * not know, is still read as sealed.
 */
export function machineSeal(entries: Iterable<readonly [string, string]>): string {
  return sha256(JSON.stringify([...entries].filter(([k]) => k !== 'machine_hash').map(([k, v]) => [k, normalizeText(v).trim()])));
}

/**
 * Local drafts: every keystroke is kept in localStorage at once, so typed text
 * survives a crash, a closed window or a failed save. A draft is dropped only
 * after the core has saved the same fields.
 */
import type { ReportFields } from '../../shared/report';
import { api } from '../api/client';
import { fieldsOf, sameFields } from './fields';

export interface Draft {
  fields: ReportFields;
  /** When it was typed (ISO). */
  at: string;
  /** Whether a status was picked (a task never filled in has none until then); absent in older drafts: picked. */
  chosen?: boolean;
  /** The saved version it was typed over (0: none); absent in older drafts. Another one held now: saved over elsewhere. */
  base?: number;
}

const key = (unit: string, period: string, task: number): string => `eco-draft:${unit}:${period}:${task}`;

export function saveDraft(unit: string, period: string, task: number, fields: ReportFields, chosen = true, base?: number): void {
  try {
    localStorage.setItem(key(unit, period, task), JSON.stringify({ fields, at: new Date().toISOString(), chosen, ...(base !== undefined ? { base } : {}) } satisfies Draft));
  } catch {
    // Storage full or disabled: the autosave to the database still runs.
  }
}

export function loadDraft(unit: string, period: string, task: number): Draft | null {
  try {
    const raw = localStorage.getItem(key(unit, period, task));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(unit: string, period: string, task: number): void {
  try {
    localStorage.removeItem(key(unit, period, task));
  } catch {
    // Nothing to do: an old draft equal to the saved fields is harmless.
  }
}

/** Tasks of a unit and period with a local draft that differs from what is saved (`saved`: each task's saved fields, null when none). */
export function unsavedTasks(unit: string, period: string, saved: ReadonlyMap<number, ReportFields | null>): number[] {
  const out: number[] = [];
  for (const [task, fields] of saved) {
    const d = loadDraft(unit, period, task);
    if (d && (fields === null || !sameFields(d.fields, fields))) out.push(task);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The tasks of a unit and period whose edits on screen are not saved after `flush` (the open form's pending edits
 * saved first): asked about before a file or a registration is made without them.
 */
export async function unsavedAfter(flush: (() => Promise<void>) | null, unit: string, period: string): Promise<number[]> {
  await flush?.();
  const fresh = await api('reports.forUnit', { unit, period });
  if (!fresh.ok) return [];
  return unsavedTasks(unit, period, new Map(fresh.value.tasks.map((t) => [t.task, t.report ? fieldsOf(t.report) : null])));
}

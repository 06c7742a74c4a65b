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

/**
 * One draft per window and task: two windows on one task (two tabs of the browser) each keep their own, so one
 * window's save never drops the other's unsaved text. A window keeps its id across a reload (sessionStorage); a new
 * window finds the drafts other windows left (a crash, a closed tab) and takes the newest over.
 */
const PREFIX = 'eco-draft:';
const base = (unit: string, period: string, task: number): string => `${PREFIX}${unit}:${period}:${task}`;

function windowId(): string {
  try {
    let id = sessionStorage.getItem('eco-window');
    if (!id) {
      id = Math.random().toString(36).slice(2, 10);
      sessionStorage.setItem('eco-window', id);
    }
    return id;
  } catch {
    return 'w';
  }
}

const own = (unit: string, period: string, task: number): string => `${base(unit, period, task)}@${windowId()}`;

/** Every stored draft of a task, by key: this window's, other windows', and one of an earlier version (no window). */
function draftsOf(unit: string, period: string, task: number): { key: string; draft: Draft }[] {
  const b = base(unit, period, task);
  const out: { key: string; draft: Draft }[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k === null || (k !== b && !k.startsWith(`${b}@`))) continue;
      const raw = localStorage.getItem(k);
      if (raw) out.push({ key: k, draft: JSON.parse(raw) as Draft });
    }
  } catch {
    // Storage disabled or a draft unreadable: as none.
  }
  return out;
}

export function saveDraft(unit: string, period: string, task: number, fields: ReportFields, chosen = true, version?: number): void {
  try {
    localStorage.setItem(own(unit, period, task), JSON.stringify({ fields, at: new Date().toISOString(), chosen, ...(version !== undefined ? { base: version } : {}) } satisfies Draft));
  } catch {
    // Storage full or disabled: the autosave to the database still runs.
  }
}

/** This window's draft of the task; else the newest another window left (taken over by `adoptDraft`). */
export function loadDraft(unit: string, period: string, task: number): Draft | null {
  const all = draftsOf(unit, period, task);
  const mine = all.find((d) => d.key === own(unit, period, task));
  if (mine) return mine.draft;
  return all.sort((a, b) => b.draft.at.localeCompare(a.draft.at))[0]?.draft ?? null;
}

/** This window takes over the drafts other windows left of the task: the newest is in its form now, kept as its own. */
export function takeOverDrafts(unit: string, period: string, task: number): void {
  try {
    for (const x of draftsOf(unit, period, task)) if (x.key !== own(unit, period, task)) localStorage.removeItem(x.key);
  } catch {
    // Storage disabled: the form still holds it.
  }
}

/** Drops this window's draft of the task (and one of an earlier version, without a window). */
export function clearDraft(unit: string, period: string, task: number): void {
  try {
    localStorage.removeItem(own(unit, period, task));
    localStorage.removeItem(base(unit, period, task));
  } catch {
    // Nothing to do: an old draft equal to the saved fields is harmless.
  }
}

/** Drops this window's draft once `saved` is what it holds (typed on meanwhile, it stays). */
export function clearDraftIfSaved(unit: string, period: string, task: number, saved: ReportFields): void {
  try {
    const raw = localStorage.getItem(own(unit, period, task));
    if (raw === null || sameFields((JSON.parse(raw) as Draft).fields, saved)) clearDraft(unit, period, task);
  } catch {
    clearDraft(unit, period, task);
  }
}

/** Tasks of a unit and period with a local draft that differs from what is saved (`saved`: each task's saved fields, null when none). */
export function unsavedTasks(unit: string, period: string, saved: ReadonlyMap<number, ReportFields | null>): number[] {
  const out: number[] = [];
  for (const [task, fields] of saved) {
    // Any window's: another window's unsaved text is unsaved too.
    if (draftsOf(unit, period, task).some(({ draft: d }) => fields === null || !sameFields(d.fields, fields))) out.push(task);
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

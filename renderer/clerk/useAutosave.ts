/**
 * Debounced autosave of one report: the draft is written on every change, the
 * database after a pause in typing (or at once with Ctrl+S). Saves never overlap;
 * edits made during a save are saved right after it. Each save names the version
 * the edit started from: one saved meanwhile elsewhere (another window, an
 * import) stops the autosave (`conflict`) until the user chooses: the newest
 * content loaded, or this one saved over it (`overwrite`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ERROR_CODES, type ApiError } from '../../shared/errors';
import type { Report, ReportFields } from '../../shared/report';
import { api } from '../api/client';
import { clearDraftIfSaved, saveDraft } from './draft';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'error' | 'empty' | 'conflict';

const DELAY_MS = 800;

export function useAutosave(opts: {
  unit: string;
  period: string;
  task: number;
  initialState: SaveState;
  isValid: (f: ReportFields) => boolean;
  /** The version the form's content was loaded as (0: none held); then each save's own. */
  baseVersion: number;
  onSaved: (r: Report) => void;
}) {
  const { unit, period, task } = opts;
  const [state, setState] = useState<SaveState>(opts.initialState);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = useRef<ReportFields | null>(null);
  const inflight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Saved over elsewhere: no save goes until the user chooses (a keystroke does not retry over it).
  const conflicted = useRef(opts.initialState === 'conflict');
  // The same, for the form to show its choice by (while the fields are also being corrected: 'invalid').
  const [inConflict, setInConflict] = useState(opts.initialState === 'conflict');
  const base = useRef(opts.baseVersion);
  // Whether the pending fields' status was picked (kept with their draft).
  const chosenNow = useRef(true);
  const latest = useRef(opts);
  latest.current = opts;

  const flush = useCallback(async (overwrite = false): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const f = pending.current;
    if (!f || inflight.current) return;
    if (conflicted.current && !overwrite) {
      setState('conflict');
      return;
    }
    if (!latest.current.isValid(f)) {
      setState('invalid');
      return;
    }
    pending.current = null;
    inflight.current = true;
    setState('saving');
    const r = await api('reports.save', { unit, period, task, report: f, ...(overwrite ? {} : { baseVersion: base.current }) });
    inflight.current = false;
    if (r.ok) {
      conflicted.current = false;
      setInConflict(false);
      base.current = r.value.version;
      latest.current.onSaved(r.value);
      setError(null);
      if (pending.current) {
        setState('dirty');
        void flush();
      } else {
        clearDraftIfSaved(unit, period, task, f);
        setState('saved');
      }
    } else {
      pending.current ??= f;
      setError(r.error);
      if (r.error.code === ERROR_CODES.conflict) {
        conflicted.current = true;
        setInConflict(true);
        // Kept on this computer (this window's draft), typed over the version it was.
        saveDraft(unit, period, task, pending.current, chosenNow.current, base.current);
        setState('conflict');
      } else setState('error');
    }
  }, [unit, period, task]);

  /** `chosen`: whether a status was picked (kept with the draft). */
  const change = useCallback(
    (f: ReportFields, chosen = true) => {
      saveDraft(unit, period, task, f, chosen, base.current);
      pending.current = f;
      chosenNow.current = chosen;
      // Saved over elsewhere: nothing goes until the user chooses; the fields may be corrected meanwhile.
      if (conflicted.current) {
        setState(latest.current.isValid(f) ? 'conflict' : 'invalid');
        return;
      }
      setState(latest.current.isValid(f) ? 'dirty' : 'invalid');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DELAY_MS);
    },
    [unit, period, task, flush],
  );

  // Leaving the task (or the page) saves what is pending.
  useEffect(() => {
    return () => {
      void flush();
    };
  }, [flush]);

  /** Saves what is on screen over the version saved elsewhere (that one stays in the history). */
  const overwrite = useCallback(() => flush(true), [flush]);
  /** A version the form made itself another way (an evidence file added or removed): the next save starts from it. */
  const rebase = useCallback(
    (version: number) => {
      base.current = version;
      // An unsaved edit is now over this version (its draft too): not taken for one saved over elsewhere later.
      if (pending.current && !conflicted.current) saveDraft(unit, period, task, pending.current, chosenNow.current, version);
    },
    [unit, period, task],
  );

  return { state, error, change, flush, overwrite, rebase, inConflict };
}

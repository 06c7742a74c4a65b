/**
 * Debounced autosave of one report: the draft is written on every change, the
 * database after a pause in typing (or at once with Ctrl+S). Saves never overlap;
 * edits made during a save are saved right after it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../shared/errors';
import type { Report, ReportFields } from '../../shared/report';
import { api } from '../api/client';
import { clearDraft, saveDraft } from './draft';

export type SaveState = 'saved' | 'dirty' | 'saving' | 'invalid' | 'error' | 'empty';

const DELAY_MS = 800;

export function useAutosave(opts: {
  unit: string;
  period: string;
  task: number;
  initialState: SaveState;
  isValid: (f: ReportFields) => boolean;
  onSaved: (r: Report) => void;
}) {
  const { unit, period, task } = opts;
  const [state, setState] = useState<SaveState>(opts.initialState);
  const [error, setError] = useState<ApiError | null>(null);
  const pending = useRef<ReportFields | null>(null);
  const inflight = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(opts);
  latest.current = opts;

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const f = pending.current;
    if (!f || inflight.current) return;
    if (!latest.current.isValid(f)) {
      setState('invalid');
      return;
    }
    pending.current = null;
    inflight.current = true;
    setState('saving');
    const r = await api('reports.save', { unit, period, task, report: f });
    inflight.current = false;
    if (r.ok) {
      latest.current.onSaved(r.value);
      setError(null);
      if (pending.current) {
        setState('dirty');
        void flush();
      } else {
        clearDraft(unit, period, task);
        setState('saved');
      }
    } else {
      pending.current ??= f;
      setError(r.error);
      setState('error');
    }
  }, [unit, period, task]);

  /** `chosen`: whether a status was picked (kept with the draft). */
  const change = useCallback(
    (f: ReportFields, chosen = true) => {
      saveDraft(unit, period, task, f, chosen);
      pending.current = f;
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

  return { state, error, change, flush };
}

/** Loads one API call's value, with loading and error state and a reload. */
import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallResult } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import { api } from '../api/client';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** `input === null` skips the call (e.g. until a period is chosen). */
export function useCall<K extends CallName>(name: K, input: CallInput<K> | null): Loaded<CallResult<K>> {
  const key = input === null ? null : JSON.stringify(input);
  const [state, setState] = useState<{ data: CallResult<K> | null; error: ApiError | null; loading: boolean }>({
    data: null,
    error: null,
    loading: key !== null,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void api(name, JSON.parse(key) as CallInput<K>).then((r) => {
      if (!live) return;
      setState(r.ok ? { data: r.value, error: null, loading: false } : { data: null, error: r.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [name, key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

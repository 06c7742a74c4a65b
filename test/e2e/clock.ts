import { FIXED_NOW } from '../helpers/db';

/** A clock that starts on 2021-10-03 (two days before the 2021-Q3 deadline) and runs on. */
export function runningClock(start: Date = FIXED_NOW): () => Date {
  const t0 = Date.now();
  return () => new Date(start.getTime() + (Date.now() - t0));
}

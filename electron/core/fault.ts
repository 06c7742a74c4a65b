/**
 * Fault injection for the crash tests (the way SQLite tests itself): with
 * ECO_FAULT_DELAY_MS set, each fault point says `fault:<name>` on stderr and
 * pauses, so a test can SIGKILL the process at a known place — inside a
 * transaction, mid-migration, mid-import. Off (a no-op) unless the variable is set.
 */
const DELAY_MS = Number(process.env.ECO_FAULT_DELAY_MS ?? 0) || 0;

export function faultPoint(name: string): void {
  if (DELAY_MS <= 0) return;
  process.stderr.write(`fault:${name}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, DELAY_MS);
}

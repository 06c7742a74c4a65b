/**
 * Keeping a long bulk import's memory flat. V8 grows its old space lazily:
 * importing 30,000 workbooks left the main heap at ~85 MB of live objects
 * but let it grow past 300 MB of garbage first, and the process's RSS to
 * 730 MiB. A full collection every so often keeps the heap near what is live.
 *
 * `gc` is exposed the way Jest does for `--logHeapUsage`: the flag is set at
 * run time and the function taken from a fresh context. If that ever stops
 * working, `collectGarbage` is a no-op and only memory use suffers.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString('--expose-gc');
    const f = runInNewContext('gc') as unknown;
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/**
 * Collects garbage when the heap has grown by more than `slackBytes` since
 * the last collection here. Cheap to call often.
 */
export class HeapKeeper {
  private floor: number;

  constructor(private readonly slackBytes = 64 * 1024 * 1024) {
    this.floor = heapUsed();
  }

  check(): void {
    if (heapUsed() - this.floor < this.slackBytes) return;
    const f = gcFunction();
    if (!f) return;
    f();
    this.floor = heapUsed();
  }
}

/**
 * This thread's heap in use. Not process.memoryUsage(): that also reads the
 * process's RSS from the system, and cost the parser workers 12% of their time.
 */
const heapUsed = (): number => getHeapStatistics().used_heap_size;

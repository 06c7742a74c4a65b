/**
 * A small pool of parser workers. Each job has a time cap; a worker that
 * overruns it, or runs out of its heap, is killed and replaced, and only that
 * file is refused. The main thread never runs SheetJS on an untrusted file.
 */
import { Worker } from 'node:worker_threads';
import type { ImportLimits } from './limits';
import type { CoverSays, ReadEnvData, ReadOutcome } from './read-unit';
import { workerScript } from './worker-script';

export type CellValue = string | number | boolean;
/** [row, column, SheetJS type, value, has formula] — rows and columns from 0. */
export type RawCell = [number, number, string, CellValue, 0 | 1];

export interface RawSheet {
  name: string;
  /** 0 visible, 1 hidden, 2 very hidden. */
  hidden: number;
  cells: RawCell[];
  merges: [number, number, number, number][];
  /** What is placed on the sheet rather than typed into its cells (not read): each with its cell, '' where the file does not say. */
  drawn?: Drawn[];
}

/** A picture, a text box or shape with text, or a comment (批注) with text, placed on a sheet. */
export interface Drawn {
  kind: 'picture' | 'text' | 'comment';
  at: string;
}

export interface RawBook {
  /** The sheets asked for (all when none were named). */
  sheets: RawSheet[];
  /** Every sheet's name in the file, in order (for messages: a sheet renamed by hand is then plain to see). */
  names?: string[];
  modified: string | null;
  application: string | null;
  date1904: boolean;
}

/** With `read` asked for, the worker's reading of the unit workbook instead of the cells. */
export type ParseOutcome = ({ ok: true; book: RawBook; read?: undefined } | { ok: true; read: ReadOutcome; book?: undefined } | { ok: false; code: string; message: string; sheetNames?: string[]; count?: number; cover?: CoverSays }) & {
  /** SHA-256 of the bytes (hex), when asked for with `hash` and the worker answered. */
  sha256?: string;
  /** The bytes back, when they were sent with `transfer` and the worker answered. */
  data?: Uint8Array;
};

export interface ParseRequest {
  /** Refuse (code `not_ours`) unless the workbook has a sheet of this name. */
  required?: string;
  /** Parse only these sheets. */
  sheets?: string[];
  /** docProps/app.xml's Application of our writer: such workbooks take the fast reader (fast-xlsx.mjs). */
  application?: string;
  /** Have the worker hash the bytes (SHA-256), off the main thread. */
  hash?: boolean;
  /**
   * Move the bytes to the worker instead of copying them; they come back with
   * the answer. The caller must own the whole buffer (it is detached meanwhile),
   * and gets nothing back when the worker is killed.
   */
  transfer?: boolean;
  /**
   * Read and check the unit workbook in the worker (read-unit.ts), against
   * `env` (else the pool's); `isXlsx`: the bytes are an xlsx package.
   */
  read?: { isXlsx: boolean };
  /** The snapshot of the database this file is read against: an import's own, when runs share the pool. */
  env?: ReadEnvData;
}

interface Job {
  id: number;
  data: Uint8Array;
  req: ParseRequest;
  resolve: (o: ParseOutcome) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker, oldest (the one it is working on) first. */
  jobs: Job[];
  timer: NodeJS.Timeout | null;
  /** The snapshot the worker holds (sent once, before the first job that needs it). */
  env: ReadEnvData | null;
  /** Resolves once the worker has loaded its code (or is gone). */
  ready: Promise<void>;
}

export interface PoolOptions {
  /** The snapshot of the database that workers read unit workbooks against (`read` requests). */
  env?: ReadEnvData | null;
  /**
   * Jobs sent ahead to each worker (at least 1). With more than one, a worker
   * goes straight on to its next file while the main thread is busy (applying
   * files to the database) instead of waiting to be handed one. Such jobs are
   * never transferred: when their worker is killed, they go to another.
   */
  depth?: number;
  /**
   * Workers left with nothing to do for this long are ended (a later job
   * starts new ones). Meanwhile they keep their compiled code: a pool kept
   * between imports parses the next import's files ~30% faster. An idle
   * worker never keeps the process alive.
   */
  idleMs?: number;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly env: ReadEnvData | null;
  private readonly depth: number;
  private readonly idleMs: number | null;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limits: ImportLimits,
    opts: PoolOptions = {},
  ) {
    this.env = opts.env ?? null;
    this.depth = Math.max(1, Math.floor(opts.depth ?? 1));
    this.idleMs = opts.idleMs ?? null;
  }

  /** Nothing queued and nothing in any worker. */
  get idle(): boolean {
    return this.queue.length === 0 && this.slots.every((s) => s.jobs.length === 0);
  }

  /** Workers alive (for tests). */
  get workerCount(): number {
    return this.slots.length;
  }

  /** After an answer (or a worker lost): the next files go out; idle workers stop holding the process, and end after idleMs. */
  private answered(): void {
    this.pump();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const s of this.slots) if (s.jobs.length === 0) s.worker.unref();
    if (this.idleMs === null || !this.idle || this.slots.length === 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.idle) for (const s of [...this.slots]) this.retire(s);
    }, this.idleMs);
    this.idleTimer.unref();
  }

  parse(data: Uint8Array, req: ParseRequest = {}): Promise<ParseOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, code: 'internal', message: 'parser pool closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, data, req, resolve });
      this.pump();
    });
  }

  /**
   * Starts the workers before any file comes (the import centre, as files are
   * picked; the command line, as it opens the database), so an import does
   * not wait for a thread to start and load its code. Resolves once they have
   * (never rejects): until then they keep the process alive, so that it may be
   * awaited; then, idle, they end after idleMs and hold nothing open.
   */
  async warm(): Promise<void> {
    if (this.closed) return;
    while (this.slots.length < this.limits.workers) this.spawn();
    await Promise.all(this.slots.map((s) => s.ready));
    this.answered();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.timer) clearTimeout(s.timer);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    // Jobs still waiting get an answer, never a promise left hanging.
    for (const job of [...slots.flatMap((s) => s.jobs), ...this.queue.splice(0)]) job.resolve({ ok: false, code: 'internal', message: 'parser pool closed' });
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript(), {
      workerData: {},
      // Not the parent's flags: run from the source tree, those load tsx, whose
      // module hooks would then see to every module the worker loads (~0.3 s of
      // CPU per worker). The worker's script is plain JavaScript already.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerHeapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 8 },
    });
    let loaded = (): void => undefined;
    const slot: Slot = { worker, jobs: [], timer: null, env: null, ready: new Promise<void>((r) => (loaded = r)) };
    worker.on('message', (m: ({ id: number } & ParseOutcome) | { ready: true }) => {
      if ('ready' in m) return loaded();
      const job = slot.jobs[0];
      if (!job || job.id !== m.id) return;
      slot.jobs.shift();
      this.arm(slot);
      const extra = { ...(m.sha256 !== undefined ? { sha256: m.sha256 } : {}), ...(m.data !== undefined ? { data: m.data } : {}) };
      job.resolve(m.ok ? (m.read ? { ok: true, read: m.read, ...extra } : { ok: true, book: m.book as RawBook, ...extra }) : { ok: false, code: m.code, message: m.message, sheetNames: m.sheetNames ?? [], count: m.count ?? 0, ...(m.cover ? { cover: m.cover } : {}), ...extra });
      this.answered();
    });
    const fail = (code: string, message: string): void => {
      const [job, ...behind] = slot.jobs;
      this.retire(slot);
      // Only the file being parsed is refused; the ones sent after it go to another worker.
      this.queue.unshift(...behind);
      job?.resolve({ ok: false, code, message });
      this.answered();
    };
    worker.on('error', (err: Error & { code?: string }) =>
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out_of_memory' : 'parse_crash', err.message),
    );
    worker.on('exit', () => {
      loaded();
      if (this.slots.includes(slot)) fail('parse_crash', 'parser exited');
    });
    this.slots.push(slot);
    return slot;
  }

  /** The time cap runs for the job a worker is on: the oldest one sent to it. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.jobs[0];
    if (!job) return;
    slot.timer = setTimeout(() => {
      const [, ...behind] = slot.jobs;
      this.retire(slot);
      this.queue.unshift(...behind);
      job.resolve({ ok: false, code: 'timeout', message: 'timeout' });
      this.answered();
    }, this.limits.timeCapMs);
  }

  /** Takes a worker out of the pool for good (after a timeout or a crash). */
  private retire(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.jobs = [];
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  /** The worker with the fewest jobs that can take one more, spawning one when that helps. */
  private slotFor(): Slot | null {
    let best: Slot | null = null;
    for (const s of this.slots) if (s.jobs.length < this.depth && (!best || s.jobs.length < best.jobs.length)) best = s;
    if (best && best.jobs.length === 0) return best;
    if (this.slots.length < this.limits.workers) return this.spawn();
    return best;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slotFor();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.jobs.push(job);
      if (slot.jobs.length === 1) this.arm(slot);
      slot.worker.ref();
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = null;
      const env = job.req.env ?? this.env;
      if (job.req.read && env && slot.env !== env) {
        // Messages are handled in order: the jobs after this one are read against it.
        slot.worker.postMessage({ env });
        slot.env = env;
      }
      // A job sent ahead of others may have to move to another worker: it keeps its bytes.
      const transfer = this.depth === 1 && job.req.transfer === true && job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength && job.data.buffer instanceof ArrayBuffer;
      slot.worker.postMessage(
        {
          id: job.id,
          data: job.data,
          maxCells: this.limits.maxCells,
          maxSheets: this.limits.maxSheets,
          required: job.req.required,
          wanted: job.req.sheets,
          application: job.req.application,
          read: job.req.read,
          hash: job.req.hash === true,
          transfer,
        },
        transfer ? [job.data.buffer as ArrayBuffer] : [],
      );
    }
  }
}

/**
 * A small pool of parser workers. Each job has a time cap; a worker that
 * overruns it, or runs out of its heap, is killed and replaced, and only that
 * file is refused. The main thread never runs SheetJS on an untrusted file.
 */
import { Worker } from 'node:worker_threads';
import type { ImportLimits } from './limits';
import type { ReadEnvData, ReadOutcome } from './read-unit';
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
}

export interface RawBook {
  sheets: RawSheet[];
  modified: string | null;
  application: string | null;
  date1904: boolean;
}

/** With `read` asked for, the worker's reading of the unit workbook instead of the cells. */
export type ParseOutcome = ({ ok: true; book: RawBook; read?: undefined } | { ok: true; read: ReadOutcome; book?: undefined } | { ok: false; code: string; message: string; sheetNames?: string[]; count?: number }) & {
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
   * the pool's `env`; `isXlsx`: the bytes are an xlsx package.
   */
  read?: { isXlsx: boolean };
}

interface Job {
  id: number;
  data: Uint8Array;
  req: ParseRequest;
  resolve: (o: ParseOutcome) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** `env`: the snapshot of the database that workers read unit workbooks against (`read` requests). */
  constructor(
    private readonly limits: ImportLimits,
    private readonly env: ReadEnvData | null = null,
  ) {}

  parse(data: Uint8Array, req: ParseRequest = {}): Promise<ParseOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, code: 'internal', message: 'parser pool closed' });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, data, req, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript(), {
      workerData: { env: this.env },
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerHeapMb, maxYoungGenerationSizeMb: 8, stackSizeMb: 8 },
    });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (m: { id: number } & ParseOutcome) => {
      if (!slot.job || slot.job.id !== m.id) return;
      const job = slot.job;
      this.finish(slot);
      const extra = { ...(m.sha256 !== undefined ? { sha256: m.sha256 } : {}), ...(m.data !== undefined ? { data: m.data } : {}) };
      job.resolve(m.ok ? (m.read ? { ok: true, read: m.read, ...extra } : { ok: true, book: m.book as RawBook, ...extra }) : { ok: false, code: m.code, message: m.message, sheetNames: m.sheetNames ?? [], count: m.count ?? 0, ...extra });
      this.pump();
    });
    const fail = (code: string, message: string): void => {
      const job = slot.job;
      this.retire(slot);
      job?.resolve({ ok: false, code, message });
      this.pump();
    };
    worker.on('error', (err: Error & { code?: string }) =>
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out_of_memory' : 'parse_crash', err.message),
    );
    worker.on('exit', () => {
      if (this.slots.includes(slot)) fail('parse_crash', 'parser exited');
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Takes a worker out of the pool for good (after a timeout or a crash). */
  private retire(slot: Slot): void {
    this.finish(slot);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot) {
        if (this.slots.length >= this.limits.workers) return;
        slot = this.spawn();
      }
      const job = this.queue.shift() as Job;
      const s = slot;
      s.job = job;
      s.timer = setTimeout(() => {
        this.retire(s);
        job.resolve({ ok: false, code: 'timeout', message: 'timeout' });
        this.pump();
      }, this.limits.timeCapMs);
      const transfer = job.req.transfer === true && job.data.byteOffset === 0 && job.data.byteLength === job.data.buffer.byteLength && job.data.buffer instanceof ArrayBuffer;
      s.worker.postMessage(
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

import { readFileSync } from 'node:fs';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { SHEETS, WRITER_APPLICATION } from '../../electron/core/exchange/format';
import { readEnvData } from '../../electron/core/exchange/import-run';
import { DEFAULT_LIMITS } from '../../electron/core/exchange/limits';
import { ParsePool } from '../../electron/core/exchange/parse-pool';
import { newBureau, tempDir } from '../helpers/db';
import { exportTo, newUnit, PERIOD, reportOne } from './helpers';

function book(rows: number, cols: number, text: (r: number, c: number) => string): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => text(r, c))));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'S');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

describe('parse pool', () => {
  it('files sent ahead to a worker that dies go to another; only the file it died on is refused', async () => {
    // One worker with a small heap, three files sent to it at once: the first needs far more memory than it has.
    const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 1, workerHeapMb: 24, timeCapMs: 60_000, maxCells: 10_000_000 }, { depth: 3 });
    try {
      const huge = book(4_000, 60, (r, c) => `单元格${r}-${c}-${'长'.repeat(20)}`);
      const small = [book(3, 3, (r, c) => `小${r}${c}`), book(2, 2, (r, c) => `另${r}${c}`)];
      const [a, b, c] = await Promise.all([pool.parse(huge), pool.parse(small[0]!), pool.parse(small[1]!)]);
      expect(a).toMatchObject({ ok: false, code: 'out_of_memory' });
      expect(b.ok && b.book?.sheets[0]?.cells.length).toBe(9);
      expect(c.ok && c.book?.sheets[0]?.cells.length).toBe(4);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('answers every file even when closed with files still waiting', async () => {
    const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 1 }, { depth: 2 });
    const files = Array.from({ length: 6 }, (_, i) => book(2, 2, (r, c) => `${i}${r}${c}`));
    const answers = files.map((f) => pool.parse(f));
    await pool.close();
    for (const a of await Promise.all(answers)) expect(a.ok === true || a.code === 'internal').toBe(true);
  });

  it('reads each file against the snapshot of the database of its own import, in one worker kept between imports', async () => {
    const dir = tempDir();
    const unit = await newUnit(dir);
    await reportOne(unit.core);
    const file = new Uint8Array(readFileSync(await exportTo(unit.core, dir)));
    unit.core.close();
    const open = await newBureau(tempDir());
    const closed = await newBureau(tempDir());
    await closed.core.run('periods.setDeadline', { period: PERIOD, deadline: '2021-10-15', closed: true });
    const envOpen = readEnvData(open.core.ctx);
    const envClosed = readEnvData(closed.core.ctx);
    open.core.close();
    closed.core.close();
    const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 1 }, { depth: 4 });
    try {
      const req = (env: typeof envOpen) => ({ required: SHEETS.machine, sheets: Object.values(SHEETS), application: WRITER_APPLICATION, read: { isXlsx: true }, env });
      // Sent all at once: the worker switches snapshots between jobs, in order.
      const answers = await Promise.all([pool.parse(file, req(envOpen)), pool.parse(file, req(envClosed)), pool.parse(file, req(envOpen))]);
      const read = answers.map((a) => (a.ok ? a.read : null));
      expect(read.map((r) => r?.ok)).toEqual([true, false, true]);
      expect(read[1]?.ok === false && read[1].errors.map((e) => e.message).join()).toMatch(/已关闭/);
      expect(pool.workerCount).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('starts its workers ahead of the first file, which they then take; idle, they end; a closed pool starts none', async () => {
    const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 2 }, { idleMs: 400 });
    try {
      const warming = pool.warm();
      expect(pool.workerCount).toBe(2);
      // A file sent before they are ready waits for them, and is answered (their "loaded" is no answer).
      const first = pool.parse(book(2, 2, () => '甲'));
      await warming;
      await pool.warm();
      expect(pool.workerCount).toBe(2);
      const read = await first;
      expect(read.ok && read.book?.sheets[0]?.cells.map((c) => c[3])).toEqual(['甲', '甲', '甲', '甲']);
      expect(pool.workerCount).toBe(2);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(pool.workerCount).toBe(0);
    } finally {
      await pool.close();
    }
    await pool.warm();
    expect(pool.workerCount).toBe(0);
  });

  it('ends workers left idle, and starts a new one for the next file', async () => {
    const pool = new ParsePool({ ...DEFAULT_LIMITS, workers: 1 }, { idleMs: 50 });
    try {
      expect((await pool.parse(book(2, 2, () => '甲'))).ok).toBe(true);
      expect(pool.workerCount).toBe(1);
      await new Promise((r) => setTimeout(r, 300));
      expect(pool.workerCount).toBe(0);
      const again = await pool.parse(book(2, 2, () => '乙'));
      expect(again.ok && again.book?.sheets[0]?.cells.map((c) => c[3])).toEqual(['乙', '乙', '乙', '乙']);
    } finally {
      await pool.close();
    }
  });
});

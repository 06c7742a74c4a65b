import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { bundleShell } from '../../electron/shell/bundle';
import { writeUnitWorkbook } from '../../electron/core/exchange/write-unit';
import { WRITER_APPLICATION } from '../../electron/core/exchange/format';
import { ROOT } from '../helpers/spawn';

describe('shell bundle', () => {
  it('writes main.js, the CommonJS preload, and a parser worker beside main.js that runs on its own', async () => {
    await bundleShell(ROOT);
    const out = join(ROOT, 'out', 'electron');
    const main = readFileSync(join(out, 'main.js'), 'utf8');
    expect(readFileSync(join(out, 'preload.cjs'), 'utf8')).toMatch(/exposeInMainWorld/);
    // The bundled core starts its worker by URL relative to main.js.
    expect(main).toMatch(/new URL\(`\.\/\$\{WORKER_BUNDLE\}`, import\.meta\.url\)|new URL\("\.\/parse-worker\.mjs", import\.meta\.url\)/);
    const workerPath = join(out, 'parse-worker.mjs');
    expect(existsSync(workerPath)).toBe(true);
    // Everything of ours is inside the worker's bundle: no relative imports left.
    const workerCode = readFileSync(workerPath, 'utf8');
    expect(workerCode).not.toMatch(/from ['"]\.\.?\//);
    // It starts with Node's own modules alone (zod cost each worker ~115 ms to load);
    // SheetJS comes later, only for a file that needs it.
    const statics = [...workerCode.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(statics.length).toBeGreaterThan(0);
    expect(statics.filter((s) => !s?.startsWith('node:'))).toEqual([]);
    // The main process never bundles electron or the native module.
    expect(main).toMatch(/from "electron"/);
    expect(main).toMatch(/from "better-sqlite3"/);

    // And the bundled worker parses one of our workbooks.
    const xlsx = writeUnitWorkbook({
      kind: 'template',
      uuid: '00000000-0000-4000-8000-000000000000',
      revision: 0,
      exportedAt: '2021-10-05T02:00:00.000Z',
      appVersion: 'test',
      catalogVersion: 'v',
      planTitle: '计划',
      unitName: '区委组织部',
      periodLabel: '2021年第三季度',
      tasks: [],
      content: { unit: 'B04', period: '2021-Q3', filledBy: '', phone: '', tasks: [], indicators: {}, evidence: [] },
      contentHash: 'x',
      targetText: () => '',
    });
    const worker = new Worker(workerPath, { workerData: { env: null } });
    try {
      // First it says it has loaded (ParsePool.warm waits for that), then it answers the file.
      let loaded = false;
      const answer = await new Promise<{ ok: boolean; book?: { sheets: { name: string }[]; application: string } }>((resolve, reject) => {
        worker.on('message', (m: { ready?: true; ok: boolean }) => {
          if (m.ready) loaded = true;
          else resolve(m);
        });
        worker.once('error', reject);
        worker.postMessage({ id: 1, data: new Uint8Array(xlsx), maxCells: 10_000, maxSheets: 10, application: WRITER_APPLICATION, hash: false, transfer: false });
      });
      expect(loaded).toBe(true);
      expect(answer.ok).toBe(true);
      expect(answer.book?.application).toBe(WRITER_APPLICATION);
      expect(answer.book?.sheets.map((s) => s.name)).toContain('机读信息');
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});

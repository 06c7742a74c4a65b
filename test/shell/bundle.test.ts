import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleShell } from '../../electron/shell/bundle';
import { ROOT } from '../helpers/spawn';

describe('shell bundle', () => {
  it('writes main.js, the CommonJS preload, and the parser workers beside main.js', async () => {
    await bundleShell(ROOT);
    const out = join(ROOT, 'out', 'electron');
    const main = readFileSync(join(out, 'main.js'), 'utf8');
    expect(readFileSync(join(out, 'preload.cjs'), 'utf8')).toMatch(/exposeInMainWorld/);
    // The bundled core starts its workers by URL relative to main.js.
    expect(main).toContain("new URL(\"./parse-worker.mjs\", import.meta.url)");
    expect(existsSync(join(out, 'parse-worker.mjs'))).toBe(true);
    // And everything a worker imports relatively is there too.
    for (const m of readFileSync(join(out, 'parse-worker.mjs'), 'utf8').matchAll(/from '\.\/([^']+)'/g)) expect(existsSync(join(out, m[1]!))).toBe(true);
    // The main process never bundles electron or the native module.
    expect(main).toMatch(/from "electron"/);
    expect(main).toMatch(/from "better-sqlite3"/);
  }, 60_000);
});

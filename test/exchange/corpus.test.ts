import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/service';
import { CORPUS, SHARED_CORPUS, VENDORED_CORPUS } from '../helpers/corpus';
import { dumpDb, newBureau } from '../helpers/db';
import { importFiles } from './helpers';

let core: Core | undefined;
afterAll(() => core?.close());

describe('hostile and foreign spreadsheets (../shared/corpus/spreadsheets, or its copy in test/fixtures/corpus)', () => {
  // Beside the checkout, the project's corpus is walked; the repository's copy must then hold every file of it as it is.
  it.skipIf(SHARED_CORPUS === null)('the repository keeps a copy of every corpus file, byte for byte', () => {
    const shared = readdirSync(SHARED_CORPUS as string).sort();
    expect(readdirSync(VENDORED_CORPUS).sort()).toEqual(shared);
    for (const name of shared) expect(readFileSync(join(VENDORED_CORPUS, name)).equals(readFileSync(join(SHARED_CORPUS as string, name))), name).toBe(true);
  });

  it('refuses every file with a Chinese message naming it, quickly, writing nothing', async () => {
    const b = await newBureau();
    core = b.core;
    const before = dumpDb(b.path);
    const files = readdirSync(CORPUS);
    expect(files.length).toBeGreaterThan(100);
    const t0 = Date.now();
    const r = await importFiles(b.core, [CORPUS], { limits: { timeCapMs: 8000 } });
    const seconds = (Date.now() - t0) / 1000;
    console.info(`[corpus] ${r.files.length} files refused in ${seconds.toFixed(1)} s`);
    expect(r.files).toHaveLength(files.length);
    expect(r.totals.rejected).toBe(files.length);
    for (const f of r.files) {
      expect(f.status, f.file).toBe('rejected');
      expect(f.errors.length, f.file).toBeGreaterThan(0);
      expect(f.errors[0]!.file).toBe(f.file);
      expect(f.errors[0]!.message, f.file).toMatch(/[\u4e00-\u9fff]/);
      expect(f.errors[0]!.message, f.file).not.toMatch(/TypeError|undefined|null/);
    }
    const why = (name: string) => r.files.find((f) => basename(f.file) === name)!.errors[0]!.message;
    expect(why('pass_protected.xlsx')).toContain('密码');
    expect(why('pass_protected.ods')).toContain('密码');
    expect(why('too_small.xls')).toContain('无法识别');
    expect(why('adhocallbabynames1996to2016.xls')).toContain('空的');
    expect(why('date.xlsb')).toContain('.xlsb');
    expect(why('vba.xlsm')).toContain('宏');
    expect(why('date_1904.xlsx')).toContain('不是本系统导出的');
    expect(seconds).toBeLessThan(60);
    expect(dumpDb(b.path)).toEqual(before);
    expect(existsSync(join(b.dir, 'bureau.files', 'archive'))).toBe(false);
  });
});

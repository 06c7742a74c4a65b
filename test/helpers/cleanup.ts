/**
 * Run before every test file (vitest's setupFiles): after the file's own hooks, the temporary folders its tests made
 * with `tempDir` are removed, so a run leaves nothing behind in the system's temporary folder. A folder that cannot be
 * removed (a process of the test still holding it) is left, not a failure. KEEP_TEMP=1 keeps them, to look into.
 */
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
// Not from ./db: what the setup imports is loaded before a test file's vi.mock could replace it.
import { madeDirs } from './temp';

afterAll(() => {
  if (process.env.KEEP_TEMP === '1') return;
  for (const dir of madeDirs.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
    } catch {
      // left behind
    }
  }
});

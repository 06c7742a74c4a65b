import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureRendererBuilt } from '../../electron/server/renderer-build';

describe('the renderer build', () => {
  it('is a production build even when the tests (NODE_ENV=test) make it', () => {
    expect(process.env.NODE_ENV).toBe('test');
    const dir = ensureRendererBuilt();
    const code = readdirSync(join(dir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(dir, 'assets', f), 'utf8'))
      .join('\n');
    // Ant Design's development class prefix, and the fixed radio-group name of a test build.
    expect(code.includes('css-dev-only-do-not-override'), 'Ant Design built in development mode').toBe(false);
    expect(code.includes('"test-id"'), 'radio groups named "test-id" (a test-mode build)').toBe(false);
  }, 180_000);
});

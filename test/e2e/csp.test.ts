/**
 * The CSP in a real browser: a script injected into the page (as an XSS in a
 * unit's text would try) is blocked and reported, the app's own scripts run,
 * and nothing is fetched from outside 127.0.0.1. (eval cannot be tested from
 * here: code run through the DevTools protocol is exempt; the unit test of the
 * policy checks there is no 'unsafe-eval'.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
}, 120_000);
afterAll(async () => {
  await e?.close();
});

describe('content security policy (browser mode)', () => {
  it('blocks an injected inline script and an inline event handler', async () => {
    const { page } = e;
    await page.goto(e.host.url);
    await page.getByText('首次使用').waitFor(); // the app's own bundle ran
    // A string, not a function: this test project has no DOM types.
    const result = (await page.evaluate(`(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (ev) => violations.push(ev.violatedDirective));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.head.appendChild(s);
      const div = document.createElement('div');
      div.innerHTML = '<img src="data:," onerror="window.__onerror = 1">';
      document.body.appendChild(div);
      await new Promise((r) => setTimeout(r, 300));
      return { injected: window.__injected, onerror: window.__onerror, violations };
    })()`)) as { injected?: number; onerror?: number; violations: string[] };
    expect(result.injected).toBeUndefined();
    expect(result.onerror).toBeUndefined();
    expect(result.violations.some((v) => v.startsWith('script-src'))).toBe(true);
    expect(e.outside).toEqual([]);
  });
});

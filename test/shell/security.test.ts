/** The Electron security module's allow-lists, without the Electron runtime. */
import { describe, expect, it } from 'vitest';
import {
  APP_CSP,
  hardenSession,
  APP_ENTRY,
  isAllowedFrameUrl,
  isAllowedNavigation,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  safeDefaultFileName,
  secureWebPreferences,
} from '../../electron/shell/security';

describe('Electron security settings', () => {
  it('hardens every window', () => {
    const p = secureWebPreferences('/app/preload.cjs');
    expect(p).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, navigateOnDragDrop: false });
    expect(p.preload).toBe('/app/preload.cjs');
  });

  it('knows only its own app:// URLs', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://renderer/assets/index.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@renderer/index.html')).toBe(false);
    expect(isAppUrl('https://renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('refuses navigation away from the app', () => {
    expect(isAllowedNavigation(APP_ENTRY)).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///C:/Windows/', 'javascript:alert(1)', 'data:text/html,x', 'about:blank']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('lets frames show only the print preview or app pages', () => {
    expect(isAllowedFrameUrl('about:srcdoc')).toBe(true);
    expect(isAllowedFrameUrl(APP_ENTRY)).toBe(true);
    expect(isAllowedFrameUrl('https://example.com/')).toBe(false);
  });

  it('answers IPC only from the app’s top frame', () => {
    expect(isTrustedSender(APP_ENTRY, true)).toBe(true);
    expect(isTrustedSender(APP_ENTRY, false)).toBe(false);
    expect(isTrustedSender('about:srcdoc', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });

  it('grants no permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) expect(isPermissionAllowed(p)).toBe(false);
  });

  it('has a CSP with no inline or eval scripts and no network', () => {
    const directives = Object.fromEntries(APP_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(['app://renderer']);
    expect(directives['connect-src']).toEqual(['app://renderer']);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(APP_CSP).not.toMatch(/unsafe-eval/);
  });

  it('sets the same CSP on every response of the session, and refuses permissions and downloads', () => {
    let onHeaders: ((d: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    const handlers: Record<string, unknown> = {};
    const fakeSession = {
      setPermissionRequestHandler: (h: unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: unknown) => (handlers.check = h),
      on: (name: string, h: unknown) => (handlers[name] = h),
      webRequest: { onHeadersReceived: (h: typeof onHeaders) => (onHeaders = h) },
    };
    hardenSession(fakeSession as never);
    let headers: Record<string, string[]> = {};
    onHeaders!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([APP_CSP]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    let prevented = false;
    (handlers['will-download'] as (e: { preventDefault: () => void }) => void)({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect((handlers.check as (w: unknown, p: string) => boolean)(null, 'media')).toBe(false);
  });

  it('makes save-dialog file names safe', () => {
    expect(safeDefaultFileName('区委组织部-2021-Q3-第1版.xlsx')).toBe('区委组织部-2021-Q3-第1版.xlsx');
    expect(safeDefaultFileName('../../etc/passwd')).toBe('passwd');
    expect(safeDefaultFileName('C:\\Windows\\a:b?.xlsx')).toBe('a_b_.xlsx');
    expect(safeDefaultFileName('...')).toBe('导出文件');
    // Windows device names: the save would write to the device.
    expect(safeDefaultFileName('CON')).toBe('_CON');
    expect(safeDefaultFileName('NUL.txt')).toBe('_NUL.txt');
    expect(safeDefaultFileName('aux.pdf ')).toBe('_aux.pdf');
    // Long: cut before the extension, within a Linux file system's 255 bytes.
    const long = safeDefaultFileName(`${'长'.repeat(150)}.xlsx`);
    expect([long.endsWith('.xlsx'), Buffer.byteLength(long) <= 255]).toEqual([true, true]);
  });
});

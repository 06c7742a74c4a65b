/**
 * Every Electron security setting in one place. The allow-lists are pure
 * functions (tested without Electron); `hardenContents` wires them to a window.
 * Only type imports from electron here, so tests run on a machine without the runtime.
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import { cutName, isDeviceName, NAME_BYTES } from '../../shared/file-name';

/** The app is served from this custom protocol, never from http(s) or file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Strict CSP: no inline scripts, no eval, no network; every source is our own
 * origin spelled out (app://renderer), which static scanners can verify
 * (`'self'` in script-src is flagged by CSP Evaluator as possibly bypassable).
 * antd injects its CSS-in-JS as <style> elements, hence 'unsafe-inline' for styles only.
 */
export const APP_CSP =
  "default-src 'none'; script-src app://renderer; style-src app://renderer 'unsafe-inline'; img-src app://renderer data: blob:; font-src app://renderer data:; connect-src app://renderer; frame-src app://renderer about:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // No middle-click: it could open a link in a new window.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: true,
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A URL of our own app (the custom protocol and host), nothing else. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** Navigation is allowed only within the app (e.g. a reload). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/** The print preview's frame is `about:srcdoc`; everything else in a frame must be ours. */
export function isAllowedFrameUrl(url: string): boolean {
  return url === 'about:srcdoc' || url === 'about:blank' || isAppUrl(url);
}

/** IPC is answered only for the app's top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && typeof frameUrl === 'string' && isAppUrl(frameUrl);
}

/** No permission is ever granted: the app needs no camera, location, notifications… */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}

/**
 * File names from the renderer become save-dialog defaults: strip folders and odd characters, and never a Windows
 * device name (CON, NUL.txt: writing "to" one writes to the device); cut to fit a file system (extension kept).
 */
export function safeDefaultFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = cutName(
    base
      .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
      .replace(/^[.\s]+/, '')
      .replace(/[.\s]+$/, ''),
    200,
    NAME_BYTES,
  );
  if (cleaned === '') return '导出文件';
  return isDeviceName(cleaned) ? `_${cleaned}` : cleaned;
}

/** Wires the allow-lists to a window's contents. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAllowedFrameUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Refuses every permission request and check for a session. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  session.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
  session.on('will-download', (event) => event.preventDefault());
  // The app:// handler sets the CSP too; this covers any other response.
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // The same string as APP_CSP, written out for static scanners (a test checks they match).
        'Content-Security-Policy': [
          "default-src 'none'; script-src app://renderer; style-src app://renderer 'unsafe-inline'; img-src app://renderer data: blob:; font-src app://renderer data:; connect-src app://renderer; frame-src app://renderer about:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    }),
  );
}

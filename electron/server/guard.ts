/**
 * Who may talk to the browser-mode host. Pure functions, so they are tested
 * without a socket. The host listens on 127.0.0.1 only; these checks also
 * keep out other web pages (Origin) and DNS-rebinding tricks (Host), and the
 * per-start token keeps out anything that never loaded our page.
 */
import { timingSafeEqual } from 'node:crypto';

/** Host headers we answer: the loopback address or localhost, on our port. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** The Origin of an API call must be our own page. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (!origin) return false;
  const o = origin.trim().toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}

/** Constant-time token comparison. */
export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/api/reports.save` → `reports.save`; null for anything that is not an API path. */
export function apiCallName(pathname: string): string | null {
  const m = /^\/api\/([a-zA-Z]+\.[a-zA-Z]+)$/.exec(pathname);
  return m ? m[1]! : null;
}

/** Strict CSP: scripts only from our own files, no inline scripts, no network. */
export const BROWSER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd injects its CSS-in-JS as <style> elements; scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self' about:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

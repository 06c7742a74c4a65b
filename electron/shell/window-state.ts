/** The window's size and place, remembered between runs (a small JSON file in the user-data folder). */
import { readFileSync, writeFileSync } from 'node:fs';

export interface WindowState {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1360, height: 860, maximized: false };

/** Keeps a remembered state sane: a minimum size, and inside the screen's work area. */
export function clampWindowState(s: Partial<WindowState> | null, area: { x: number; y: number; width: number; height: number }): WindowState {
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const width = Math.min(Math.max(num(s?.width) ? s.width : DEFAULT_WINDOW.width, 900), area.width);
  const height = Math.min(Math.max(num(s?.height) ? s.height : DEFAULT_WINDOW.height, 600), area.height);
  const out: WindowState = { width, height, maximized: s?.maximized === true };
  if (num(s?.x) && num(s?.y)) {
    const inside = s.x >= area.x && s.y >= area.y && s.x + width <= area.x + area.width && s.y + height <= area.y + area.height;
    if (inside) {
      out.x = s.x;
      out.y = s.y;
    }
  }
  return out;
}

export function readWindowState(file: string): Partial<WindowState> | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<WindowState>;
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, s: WindowState): void {
  try {
    writeFileSync(file, JSON.stringify(s));
  } catch {
    // Losing the window size is harmless.
  }
}

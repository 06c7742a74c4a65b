import { describe, expect, it } from 'vitest';
import { clampWindowState, DEFAULT_WINDOW } from '../../electron/shell/window-state';
import { findElectronRuntime } from '../../electron/launch-runtime';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('remembered window size', () => {
  it('uses the default the first time', () => {
    expect(clampWindowState(null, screen)).toEqual(DEFAULT_WINDOW);
  });
  it('keeps a sane remembered state', () => {
    expect(clampWindowState({ width: 1200, height: 800, x: 100, y: 50, maximized: true }, screen)).toEqual({ width: 1200, height: 800, x: 100, y: 50, maximized: true });
  });
  it('drops a position off screen (a monitor was unplugged) and fixes silly sizes', () => {
    expect(clampWindowState({ width: 100, height: 99999, x: 3000, y: 10 }, screen)).toEqual({ width: 900, height: 1080, maximized: false });
    expect(clampWindowState({ width: Number.NaN } as never, screen).width).toBe(DEFAULT_WINDOW.width);
  });
});

describe('npm start', () => {
  it('explains why the Electron runtime is missing here', () => {
    const r = findElectronRuntime();
    // This machine cannot download Electron's binary; a build machine can.
    if ('missing' in r) expect(r.missing).toMatch(/Electron|electron/);
    else expect(r.path).toMatch(/electron/i);
  });
});

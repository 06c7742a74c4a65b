import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { bundleShell } from './electron/shell/bundle';

/** `npm run build` also bundles the Electron shell (main + preload) into out/electron. */
function electronShell(): Plugin {
  return {
    name: 'eco-electron-shell',
    apply: 'build',
    async closeBundle() {
      // The browser-mode host builds the renderer alone when it is missing.
      if (process.env.ECO_RENDERER_ONLY !== '1') await bundleShell();
    },
  };
}

// The renderer is one static build used by both hosts: the Electron shell
// (app:// protocol) and the browser-mode host. Relative asset paths work in both.
export default defineConfig(({ command }) => ({
  root: 'renderer',
  // A build is a production build whoever starts it: from the tests (NODE_ENV=test) Vite would
  // otherwise build React and Ant Design in their test mode (every radio group named "test-id").
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  base: './',
  plugins: [react(), electronShell()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // No inline scripts or data: modules, for the strict CSP.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
}));

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same bundle runs from Electron's app:// scheme and from
  // `shoebox serve` over http, at whatever path each host mounts it.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Both hosts apply `script-src 'self'`: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs for scripts/fonts, which the CSP forbids.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});

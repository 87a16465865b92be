// Production build of the people's screens into apps/web/dist, served by the Nest app at /.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: __dirname,
  plugins: [react()],
  // Same alias as apps/web/tsconfig.json: the domain's pure modules, bundled from source.
  resolve: { alias: { '@gov/domain': resolve(__dirname, '../../libs/domain/src') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts anywhere (the CSP allows none), so no module-preload polyfill either.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
  },
});

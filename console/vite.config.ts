// The console's browser build: React and Cloudscape bundled into dist/console/, where `openkms serve` serves them at
// /console. Hashed file names under assets/ let the server cache them for a year.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    // Cloudscape and the three SDK clients make one large bundle; it is served from the same host, once per version.
    chunkSizeWarningLimit: 4096,
    // Fonts and icons as files, never data: URLs, so the Content-Security-Policy can stay at 'self'.
    assetsInlineLimit: 0,
  },
});

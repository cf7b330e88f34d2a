/**
 * Vite builds the page: web/index.html and web/src into web/dist, with relative
 * asset paths so express can serve it from any mount point.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});

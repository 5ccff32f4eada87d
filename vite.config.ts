import { defineConfig } from 'vite';

export default defineConfig({
  // Dexie's default "import" entry wraps its UMD build; its real ES module is smaller.
  resolve: { alias: { dexie: 'dexie/dist/dexie.mjs' } },
  build: {
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: 'src/index.ts',
      name: 'Parley',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
    },
  },
});

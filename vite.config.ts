import { defineConfig } from 'vite';

// Dexie's default "import" entry wraps its UMD build; its real ES module is smaller.
const resolve = { alias: { dexie: 'dexie/dist/dexie.mjs' } };

export default defineConfig(({ mode }) =>
  mode === 'memory-storage'
    ? {
        // The in-memory IndexedDB, a separate file loaded only when the browser's storage fails.
        resolve,
        build: {
          emptyOutDir: false,
          target: 'es2022',
          lib: { entry: 'src/client/memory-storage.ts', formats: ['es'], fileName: () => 'parley-memory-storage.js' },
        },
      }
    : {
        resolve,
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
      },
);

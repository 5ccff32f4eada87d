import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { defineConfig, type UserConfig } from 'vite';

// Dexie's default "import" entry wraps its UMD build; its real ES module is smaller.
const resolve = { alias: { dexie: 'dexie/dist/dexie.mjs' } };

// Extra files built beside the bundle, one `--mode` each (see the `build` script).
const SIDE_BUILDS: Record<string, UserConfig> = {
  // The in-memory IndexedDB, loaded only when the browser's storage fails.
  'memory-storage': {
    resolve,
    build: {
      emptyOutDir: false,
      target: 'es2022',
      lib: { entry: 'src/client/memory-storage.ts', formats: ['es'], fileName: () => 'parley-memory-storage.js' },
    },
  },
  // The push service worker: a site serves it from its own origin, next to its pages.
  'service-worker': {
    build: {
      emptyOutDir: false,
      target: 'es2022',
      lib: { entry: 'src/push/service-worker.ts', name: 'ParleyServiceWorker', formats: ['iife'], fileName: () => 'parley-sw.js' },
    },
  },
};

export default defineConfig(
  ({ mode }) =>
    SIDE_BUILDS[mode] ?? {
      resolve,
      // The elements' html`` and css`` templates, minified: whitespace is most of their size.
      plugins: [minifyTemplateLiterals()],
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

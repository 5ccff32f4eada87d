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
  // The snippet's script: paints the launcher and loads `parley.js` when the widget is wanted.
  loader: {
    plugins: [minifyTemplateLiterals()],
    build: {
      emptyOutDir: false,
      target: 'es2022',
      lib: { entry: 'src/loader/loader.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'parley.iife.js' },
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
        // Lib mode keeps an ES bundle's whitespace (for re-bundling); this file is served as is.
        rolldownOptions: { output: { minify: true } },
        lib: {
          entry: 'src/index.ts',
          // One ES module: pages import it, and the snippet's loader (parley.iife.js) imports it too,
          // so a page never runs two copies of the elements.
          formats: ['es'],
          fileName: () => 'parley.js',
        },
      },
    },
);

// What the widget costs a page beyond its libraries: the gzip size of the built bundle against
// the floor that lit + @lit/context + socket.io-client + dexie alone cost, built here in the same
// run with the same settings (minified ES module, es2022). Budget: within 25 KB of the floor.
// Also reports the snippet's first chunk (budget 10 KB). `npm run build` ends with this report;
// run it alone with node --import tsx bench/bundle-budget.ts
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const gzipKb = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length / 1024;

// Inside the project, so the entry resolves the project's node_modules.
const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.parley-floor-'));
try {
  // Everything each library exports, so none of it is shaken out: the most a page pays for them.
  const entry = join(dir, 'floor.js');
  writeFileSync(
    entry,
    ["export * from 'lit';", "export * from '@lit/context';", "export * from 'socket.io-client';", "export { default as Dexie, liveQuery } from 'dexie';"].join('\n'),
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root: process.cwd(),
    resolve: { alias: { dexie: 'dexie/dist/dexie.mjs' } },
    build: {
      outDir: join(dir, 'out'),
      target: 'es2022',
      rolldownOptions: { output: { minify: true } },
      lib: { entry, formats: ['es'], fileName: () => 'floor.js' },
    },
  });
  const floor = gzipKb(readFileSync(join(dir, 'out', 'floor.js')));
  const bundle = gzipKb(readFileSync('dist/parley.js'));
  const loader = gzipKb(readFileSync('dist/parley.iife.js'));
  console.log(`floor (lit, @lit/context, socket.io-client, dexie): ${floor.toFixed(1)} KB gzip`);
  console.log(`dist/parley.js (three elements, client, dependencies): ${bundle.toFixed(1)} KB gzip`);
  console.log(`  above the floor: ${(bundle - floor).toFixed(1)} KB (budget 25 KB)`);
  console.log(`dist/parley.iife.js (the snippet's first chunk): ${loader.toFixed(1)} KB gzip (budget 10 KB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The snippet's first chunk: what every page that embeds the widget pays for. */
const LOADER_BUDGET_GZIP = 10 * 1024;

describe('the snippet’s first chunk', () => {
  it(`is at most ${LOADER_BUDGET_GZIP} bytes gzipped`, () => {
    const file = `${DIST}parley.iife.js`;
    assert.ok(existsSync(file), 'dist/parley.iife.js is missing: run `npm run build`');
    const bytes = gzipSync(readFileSync(file), { level: 9 }).length;
    assert.ok(bytes <= LOADER_BUDGET_GZIP, `dist/parley.iife.js is ${bytes} bytes gzipped, over ${LOADER_BUDGET_GZIP}`);
  });

  it('does not carry Lit or the client store (they come with the full widget, later)', () => {
    const source = readFileSync(`${DIST}parley.iife.js`, 'utf8');
    assert.doesNotMatch(source, /lit-html|socket\.io|Dexie/i);
    assert.match(source, /parley\.js/);
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { describe, it } from 'node:test';

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

/** The analyzer resolves --outdir against the working directory. */
const FRESH_DIR = 'node_modules/.cache/parley-manifest-check';

function elements(manifest: Manifest): Map<string, Declaration> {
  return new Map(manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName).map((d) => [d.tagName!, d]));
}
const names = (list: { name: string }[] | undefined) => (list ?? []).map((x) => x.name);

describe('custom-elements.json', () => {
  it('is built into dist/, current with the source, and describes every element', () => {
    execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--outdir', FRESH_DIR], { stdio: 'pipe' });
    try {
      const fresh = readFileSync(`${FRESH_DIR}/custom-elements.json`, 'utf8');
      const built = readFileSync('dist/custom-elements.json', 'utf8');
      assert.equal(built, fresh, 'dist/custom-elements.json is stale: run npm run build');

      const byTag = elements(JSON.parse(fresh) as Manifest);
      assert.deepEqual([...byTag.keys()].sort(), ['chat-client', 'chat-list', 'chat-room', 'support-chat']);
      const list = byTag.get('chat-list')!;
      for (const attribute of ['for', 'selected', 'page-size', 'theme', 'lang']) assert.ok(names(list.attributes).includes(attribute), attribute);
      assert.deepEqual(names(list.events), ['chat-select']);
      assert.ok(names(list.cssParts).includes('search'));
      const room = byTag.get('chat-room')!;
      assert.ok(names(room.attributes).includes('conversation'));
      assert.deepEqual(names(room.events), ['chat-message']);
      for (const part of ['header', 'log', 'composer', 'typing', 'actions-menu', 'info-panel']) assert.ok(names(room.cssParts).includes(part), part);
    } finally {
      rmSync(FRESH_DIR, { recursive: true, force: true });
    }
  });
});

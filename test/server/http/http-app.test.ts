import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../support/test-server.js';

describe('HTTP: widget files, demo pages, demo tokens', () => {
  let t: TestServer;
  const root = mkdtempSync(join(tmpdir(), 'parley-static-'));

  before(async () => {
    mkdirSync(join(root, 'dist'));
    mkdirSync(join(root, 'demo'));
    writeFileSync(join(root, 'dist', 'parley.js'), 'export {};');
    writeFileSync(join(root, 'demo', 'page.html'), '<!doctype html><title>demo</title>');
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>home</title>');
    t = await startTestServer({ staticRoot: root });
  });
  after(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the bundles to any site, as modules need (CORS), and never sniffed', async () => {
    const response = await fetch(`${t.url}/dist/parley.js`, { headers: { origin: 'https://shop.example' } });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /javascript/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  });

  it('serves the home page and demo pages', async () => {
    const home = await fetch(`${t.url}/`);
    assert.match(await home.text(), /<title>home<\/title>/);
    const demo = await fetch(`${t.url}/demo/page.html`);
    assert.equal(demo.status, 200);
  });

  it('signs a demo token for a name, and refuses a bad name with a typed error', async () => {
    const ok = await fetch(`${t.url}/api/demo/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada Lovelace' }),
    });
    const body = (await ok.json()) as { token: string; user: { id: string; name: string } };
    assert.deepEqual(body.user, { id: 'ada-lovelace', name: 'Ada Lovelace' });
    assert.equal((await t.server.tokens.verify(body.token)).id, 'ada-lovelace');

    for (const name of ['', 'x'.repeat(41), '<script>', 42]) {
      const bad = await fetch(`${t.url}/api/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      assert.equal(bad.status, 400);
      assert.equal(((await bad.json()) as { error: { name: string } }).error.name, 'INVALID_PAYLOAD');
    }
  });

  it('has no demo token endpoint outside demo mode', async () => {
    const prod = await startTestServer({ demo: false, allowedOrigins: [] });
    try {
      const response = await fetch(`${prod.url}/api/demo/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Eve' }),
      });
      assert.equal(response.status, 404);
    } finally {
      await prod.close();
    }
  });
});

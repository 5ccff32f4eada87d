import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UploadRecord } from '../../../src/protocol/model.js';
import { HTML_PAGE, pdf, png, SVG_WITH_SCRIPT } from '../../support/sample-files.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';
import { postFile, upload } from '../../support/uploads.js';

const LIMIT = 64 * 1024;

describe('uploads and file serving', () => {
  let t: TestServer;
  const uploadRows = async () => Number((await t.server.db.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** Files on disk under the data folder. */
  const storedFiles = () => {
    const root = join(t.dataDir, 'files');
    try {
      return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    } catch {
      return 0;
    }
  };

  async function refused(response: Response, status: number, name: string) {
    const body = (await response.json()) as { error: { name: string; code: number; detail?: { field?: string } } };
    assert.equal(response.status, status);
    assert.equal(body.error.name, name);
    return body.error;
  }

  before(async () => {
    t = await startTestServer({ files: { maxUploadBytes: LIMIT } });
  });
  after(() => t.close());

  it('stores an image, measures it, and serves it inline with the safety headers', async () => {
    const record = await upload(t, 'alice', png(5, 4), 'photo.png', 'image/png');
    assert.match(record.id, /^[A-Za-z0-9_-]{10,}$/);
    assert.deepEqual(record, { id: record.id, url: `/files/${record.id}`, name: 'photo.png', size: png(5, 4).length, mime: 'image/png', width: 5, height: 4 });
    const response = await fetch(`${t.url}${record.url}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/png');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('content-security-policy'), "sandbox; default-src 'none'");
    assert.equal(response.headers.get('content-disposition'), "inline; filename*=UTF-8''photo.png");
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), png(5, 4));
  });

  it('types a file by its content, not by what the client declares, and serves non-images as attachments', async () => {
    const record = await upload(t, 'alice', pdf(), 'not-really.png', 'image/png');
    assert.equal(record.mime, 'application/pdf');
    assert.equal(record.width, undefined);
    const response = await fetch(`${t.url}${record.url}`);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    assert.match(response.headers.get('content-disposition')!, /^attachment;/);
  });

  it('never serves markup inline: HTML content becomes an octet-stream download, SVG and HTML declarations are refused', async () => {
    const disguised = await upload(t, 'alice', HTML_PAGE, 'page.txt', 'text/plain');
    assert.equal(disguised.mime, 'application/octet-stream');
    const served = await fetch(`${t.url}${disguised.url}`);
    assert.equal(served.headers.get('content-type'), 'application/octet-stream');
    assert.match(served.headers.get('content-disposition')!, /^attachment;/);
    assert.equal(served.headers.get('content-security-policy'), "sandbox; default-src 'none'");

    const before = [await uploadRows(), storedFiles()];
    await refused(await postFile(t, 'alice', SVG_WITH_SCRIPT, 'logo.svg', 'image/svg+xml'), 415, 'FILE_TYPE_REFUSED');
    await refused(await postFile(t, 'alice', HTML_PAGE, 'page.html', 'text/html'), 415, 'FILE_TYPE_REFUSED');
    assert.deepEqual([await uploadRows(), storedFiles()], before, 'nothing kept');
  });

  it('refuses a sniffed type outside the allow-list and keeps nothing', async () => {
    const before = [await uploadRows(), storedFiles()];
    // An ELF executable header.
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    const error = await refused(await postFile(t, 'alice', elf, 'tool.png', 'image/png'), 415, 'FILE_TYPE_REFUSED');
    assert.equal(error.detail?.field, 'file');
    assert.deepEqual([await uploadRows(), storedFiles()], before);
  });

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const before = [await uploadRows(), storedFiles()];
    const error = await refused(await postFile(t, 'alice', Buffer.alloc(LIMIT + 1, 1), 'big.bin', 'application/octet-stream'), 413, 'FILE_TOO_LARGE');
    assert.equal(error.code, 4740);
    assert.deepEqual([await uploadRows(), storedFiles()], before);
    // Exactly the limit is fine.
    const record = await upload(t, 'alice', Buffer.alloc(LIMIT, 1), 'edge.bin', 'application/octet-stream');
    assert.equal(record.size, LIMIT);
  });

  it('needs a valid token', async () => {
    const before = await uploadRows();
    await refused(await postFile(t, null, png(1, 1), 'a.png', 'image/png'), 401, 'SESSION_REQUIRED');
    const forged = await fetch(`${t.url}/api/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.' },
      body: new FormData(),
    });
    assert.equal(forged.status, 401);
    assert.equal(await uploadRows(), before);
  });

  it('cleans names: no paths, controls or bidi tricks', async () => {
    const record: UploadRecord = await upload(t, 'alice', pdf(), '../../etc/pass\u0000wd\u202Efdp.exe', 'application/pdf');
    assert.equal(record.name, 'passwdfdp.exe');
    const dots = await upload(t, 'alice', pdf(), '..', 'application/pdf');
    assert.equal(dots.name, 'file');
  });

  it('refuses a request that is not one file part', async () => {
    const token = await t.token('alice');
    const json = await fetch(`${t.url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 400);
    const form = new FormData();
    form.append('other', new Blob(['x']), 'x.txt');
    const wrongField = await fetch(`${t.url}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    await refused(wrongField, 400, 'INVALID_PAYLOAD');
  });

  it('serves byte ranges, for media players that seek', async () => {
    const bytes = pdf();
    const record = await upload(t, 'alice', bytes, 'doc.pdf', 'application/pdf');
    const part = await fetch(`${t.url}${record.url}`, { headers: { range: 'bytes=5-9' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 5-9/${bytes.length}`);
    assert.equal(part.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(5, 10));
    const tail = await fetch(`${t.url}${record.url}`, { headers: { range: 'bytes=-4' } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(bytes.length - 4));
    const beyond = await fetch(`${t.url}${record.url}`, { headers: { range: `bytes=${bytes.length}-` } });
    assert.equal(beyond.status, 416);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['abcdefghijklmnop', '..%2F..%2Fparley.db', 'x']) {
      const response = await fetch(`${t.url}/files/${id}`);
      assert.equal(response.status, 404, id);
    }
  });

  it('answers CORS preflight for uploads from an allowed origin', async () => {
    const response = await fetch(`${t.url}/api/files`, {
      method: 'OPTIONS',
      headers: { origin: 'https://site.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-headers')!, /authorization/);
  });
});

describe('each user’s upload budget', () => {
  const BUDGET = 100 * 1024;
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ files: { uploadBytesPerHour: BUDGET } });
  });
  after(() => t.close());
  const uploadRows = async () => Number((await t.server.db.selectFrom('uploads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const bigPdf = () => {
    const bytes = new Uint8Array(60 * 1024);
    bytes.set(pdf());
    return bytes;
  };

  it('refuses uploads past the bytes allowed per hour with RATE_LIMITED and when to try again; others upload on', async () => {
    await upload(t, 'budget-ann', bigPdf(), 'first.pdf', 'application/pdf');
    const before = await uploadRows();
    const response = await postFile(t, 'budget-ann', bigPdf(), 'second.pdf', 'application/pdf');
    const body = (await response.json()) as { error: { name: string; detail: { retryAfterMs: number } } };
    assert.equal(response.status, 429);
    assert.equal(body.error.name, 'RATE_LIMITED');
    assert.ok(body.error.detail.retryAfterMs > 0 && body.error.detail.retryAfterMs <= 3600 * 1000);
    assert.equal(await uploadRows(), before, 'nothing stored');
    await upload(t, 'budget-bob', bigPdf(), 'his.pdf', 'application/pdf');
  });
});

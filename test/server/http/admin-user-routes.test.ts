import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, record, startTestServer, type TestServer } from '../../support/test-server.js';

const MASTER_KEY = 'admin-test-master-key-0123456789abcdef';

describe('admin API: user profiles', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ masterKey: MASTER_KEY });
  });
  after(() => t.close());

  async function put(id: string, body: unknown, key: string | null = MASTER_KEY) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${t.url}/api/admin/users/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { name: string; detail?: { field?: string } } } };
  }
  const profilesOf = async (...users: string[]) => (await call(await t.connect('asker'), 'user:profiles', { users })).profiles;
  const storedRows = () => t.server.db.selectFrom('users').selectAll().orderBy('id').execute();

  it('stores a profile for a user who never connected, which others are then shown', async () => {
    const stored = await put('site:ann', { name: 'Ann Archer', avatar: 'https://example.com/ann.png' });
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body, { id: 'site:ann', name: 'Ann Archer', avatar: 'https://example.com/ann.png' });
    assert.deepEqual(await profilesOf('site:ann'), [{ id: 'site:ann', name: 'Ann Archer', avatar: 'https://example.com/ann.png' }]);
  });

  it('takes the avatar as optional, and trims the name', async () => {
    const stored = await put('bo', { name: '  Bo Brown \n' });
    assert.deepEqual(stored.body, { id: 'bo', name: 'Bo Brown' });
    const [profile] = await profilesOf('bo');
    assert.deepEqual(profile, { id: 'bo', name: 'Bo Brown' });
    assert.ok(!('avatar' in profile!), 'no avatar key at all');
    const longest = `  ${'n'.repeat(100)}  `;
    assert.equal((await put('bo', { name: longest })).body.name, 'n'.repeat(100), '100 characters once trimmed');
  });

  it('pushes the name to the people who share a conversation with the user, first naming included', async () => {
    const dora = await t.connect({ id: 'dora', name: 'Dora' });
    await call(dora, 'conversation:create', { members: ['eli'] }); // Eli has never connected
    const atDora = record(dora, 'user:profile-updated');
    await put('eli', { name: 'Eli Named' });
    await atDora.until((p) => p.id === 'eli');
    assert.deepEqual(atDora.events, [{ id: 'eli', name: 'Eli Named' }]);
  });

  it('keeps the newest profile, whether from a token or from here', async () => {
    await put('cy', { name: 'Cy from the site', avatar: 'https://example.com/cy.png' });
    await t.connect({ id: 'cy', name: 'Cy from a token' });
    assert.deepEqual(await profilesOf('cy'), [{ id: 'cy', name: 'Cy from a token' }], 'a later token replaces it');
    await put('cy', { name: 'Cy renamed', avatar: 'http://example.com/cy-2.png' });
    assert.deepEqual(await profilesOf('cy'), [{ id: 'cy', name: 'Cy renamed', avatar: 'http://example.com/cy-2.png' }], 'and this replaces a token');
    await put('cy', { name: 'Cy renamed' });
    assert.deepEqual(await profilesOf('cy'), [{ id: 'cy', name: 'Cy renamed' }], 'a picture left out is dropped');
  });

  it('refuses requests without the master key, or with a wrong one, storing nothing', async () => {
    const before = await storedRows();
    for (const key of [null, '', 'wrong', `${MASTER_KEY}x`]) {
      const { status, body } = await put('dee', { name: 'Dee' }, key);
      assert.equal(status, 401, String(key));
      assert.equal(body.error?.name, 'ADMIN_KEY_REQUIRED');
    }
    assert.deepEqual(await storedRows(), before);
  });

  it('answers bad input with a typed error naming the field, storing nothing', async () => {
    await put('eve', { name: 'Eve' });
    const before = await storedRows();
    const cases: [string, unknown, number, string, string][] = [
      ['bad id!', { name: 'X' }, 400, 'INVALID_PAYLOAD', 'id'],
      ['#service', { name: 'X' }, 400, 'INVALID_PAYLOAD', 'id'],
      ['u'.repeat(65), { name: 'X' }, 400, 'INVALID_PAYLOAD', 'id'],
      ['eve', '{not json', 400, 'INVALID_PAYLOAD', ''],
      ['eve', [], 400, 'INVALID_PAYLOAD', ''],
      ['eve', {}, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: 42 }, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: '' }, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: ' \t\u200b ' }, 400, 'INVALID_PAYLOAD', 'name'],
      // Too long is PAYLOAD_TOO_LARGE throughout the API (transport/validate.ts).
      ['eve', { name: 'n'.repeat(101) }, 413, 'PAYLOAD_TOO_LARGE', 'name'],
      ['eve', { name: 'Eve\u0007' }, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: 'Eve\u202e' }, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: 'Eve\ud800' }, 400, 'INVALID_PAYLOAD', 'name'],
      ['eve', { name: 'Eve', avatar: 'javascript:alert(1)' }, 400, 'INVALID_PAYLOAD', 'avatar'],
      ['eve', { name: 'Eve', avatar: 'ftp://example.com/eve.png' }, 400, 'INVALID_PAYLOAD', 'avatar'],
      ['eve', { name: 'Eve', avatar: 'data:image/png;base64,AAAA' }, 400, 'INVALID_PAYLOAD', 'avatar'],
      ['eve', { name: 'Eve', avatar: 'eve.png' }, 400, 'INVALID_PAYLOAD', 'avatar'],
      ['eve', { name: 'Eve', avatar: '' }, 400, 'INVALID_PAYLOAD', 'avatar'],
      ['eve', { name: 'Eve', avatar: `https://example.com/${'a'.repeat(2029)}` }, 413, 'PAYLOAD_TOO_LARGE', 'avatar'],
    ];
    for (const [id, body, status, name, field] of cases) {
      const label = `${id.slice(0, 10)} ${JSON.stringify(body).slice(0, 40)}`;
      const result = await put(id, body);
      assert.equal(result.status, status, label);
      assert.equal(result.body.error?.name, name, label);
      if (name === 'INVALID_PAYLOAD' || name === 'PAYLOAD_TOO_LARGE') assert.equal(result.body.error?.detail?.field ?? '', field, label);
    }
    assert.deepEqual(await storedRows(), before);
  });
});

describe('admin API user profiles without a master key', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('does not exist', async () => {
    const response = await fetch(`${t.url}/api/admin/users/ann`, { method: 'PUT', body: '{"name":"Ann"}' });
    assert.equal(response.status, 404);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { UserProfile } from '../../../src/protocol/model.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, connectWithToken, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

describe('user profiles (user:profiles)', () => {
  let t: TestServer;
  const sockets: TestSocket[] = [];

  before(async () => {
    // Every reading of this clock is later than the last, so any write moves `updated_at`.
    t = await startTestServer({ clock: new ManualClock() });
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  /** Connects with a token carrying this profile. */
  async function connectAs(profile: UserProfile): Promise<TestSocket> {
    const socket = await connectWithToken(t.url, await t.server.tokens.sign(profile));
    sockets.push(socket);
    return socket;
  }

  const storedRows = () => t.server.db.selectFrom('users').selectAll().orderBy('id').execute();
  const updatedAt = async (id: string) =>
    Number((await t.server.db.selectFrom('users').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at);

  it("answers a connected user's name to others, and to the user at once", async () => {
    const ann = fresh('ann');
    const own = await connectAs({ id: ann, name: 'Ann Archer' });
    assert.deepEqual(await call(own, 'user:profiles', { users: [ann] }), { profiles: [{ id: ann, name: 'Ann Archer' }] });
    const asker = await t.connect(fresh('asker'));
    assert.deepEqual((await call(asker, 'user:profiles', { users: [ann] })).profiles, [{ id: ann, name: 'Ann Archer' }]);
  });

  it('gives the avatar only when the token had one', async () => {
    const [withPicture, without] = [fresh('pictured'), fresh('plain')];
    await connectAs({ id: withPicture, name: 'Pia', avatar: 'https://example.com/pia.png' });
    await connectAs({ id: without, name: 'Pat' });
    const asker = await t.connect(fresh('asker'));
    const { profiles } = await call(asker, 'user:profiles', { users: [withPicture, without] });
    assert.deepEqual(profiles, [
      { id: withPicture, name: 'Pia', avatar: 'https://example.com/pia.png' },
      { id: without, name: 'Pat' },
    ]);
    assert.ok(!('avatar' in profiles[1]!), 'no avatar key at all');
  });

  it("keeps the latest token's name and picture, and drops a picture the token no longer has", async () => {
    const ben = fresh('ben');
    const asker = await t.connect(fresh('asker'));
    await connectAs({ id: ben, name: 'Ben', avatar: 'https://example.com/ben.png' });
    await connectAs({ id: ben, name: 'Benjamin' });
    assert.deepEqual((await call(asker, 'user:profiles', { users: [ben] })).profiles, [{ id: ben, name: 'Benjamin' }]);
  });

  it('writes nothing when a user connects again with the same profile', async () => {
    const cat = fresh('cat');
    await connectAs({ id: cat, name: 'Cat', avatar: 'https://example.com/cat.png' });
    const first = await updatedAt(cat);
    await connectAs({ id: cat, name: 'Cat', avatar: 'https://example.com/cat.png' });
    assert.equal(await updatedAt(cat), first);
    await connectAs({ id: cat, name: 'Cat', avatar: 'https://example.com/cat-2.png' });
    assert.ok((await updatedAt(cat)) > first, 'a changed picture is written');
  });

  it('leaves unknown ids out and answers each known one once, in the order asked', async () => {
    const [dan, eve] = [fresh('dan'), fresh('eve')];
    await connectAs({ id: dan, name: 'Dan' });
    await connectAs({ id: eve, name: 'Eve' });
    const asker = await t.connect(fresh('asker'));
    const { profiles } = await call(asker, 'user:profiles', { users: [eve, fresh('nobody'), dan, eve, dan] });
    assert.deepEqual(profiles, [
      { id: eve, name: 'Eve' },
      { id: dan, name: 'Dan' },
    ]);
  });

  it('takes 100 ids', async () => {
    const asker = await t.connect(fresh('asker'));
    const users = Array.from({ length: 100 }, (_, i) => `profile-unknown-${i}`);
    assert.deepEqual(await call(asker, 'user:profiles', { users }), { profiles: [] });
  });

  it('refuses an empty list, more than 100 ids and ids that cannot be users, changing nothing', async () => {
    const asker = await t.connect(fresh('asker'));
    const before = await storedRows();
    const tooMany = Array.from({ length: 101 }, (_, i) => `user-${i}`);
    const cases: [unknown, string][] = [
      [[], 'INVALID_PAYLOAD'],
      // Too many of anything is PAYLOAD_TOO_LARGE (transport/validate.ts).
      [tooMany, 'PAYLOAD_TOO_LARGE'],
      [['#service'], 'INVALID_PAYLOAD'],
      [[42], 'INVALID_PAYLOAD'],
      ['ann', 'INVALID_PAYLOAD'],
    ];
    for (const [users, error] of cases) {
      const result = await request(asker, 'user:profiles', { users } as never);
      assert.equal(result.ok ? 'answered' : result.error.name, error, JSON.stringify(users).slice(0, 40));
    }
    assert.deepEqual(await storedRows(), before);
  });
});

describe('user profiles when they cannot be stored', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('still accepts the connection', async () => {
    await t.server.db.schema.dropTable('users').execute();
    const socket = await t.connect(fresh('unstored'));
    assert.equal(socket.connected, true);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../support/manual-clock.js';
import { call, record, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

describe('user profiles (user:profiles)', () => {
  let t: TestServer;

  before(async () => {
    // Every reading of this clock is later than the last, so any write moves `updated_at`.
    t = await startTestServer({ clock: new ManualClock() });
  });
  after(() => t.close());


  const storedRows = () => t.server.db.selectFrom('users').selectAll().orderBy('id').execute();
  const updatedAt = async (id: string) =>
    Number((await t.server.db.selectFrom('users').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at);

  it("answers a connected user's name to others, and to the user at once", async () => {
    const ann = fresh('ann');
    const own = await t.connect({ id: ann, name: 'Ann Archer' });
    assert.deepEqual(await call(own, 'user:profiles', { users: [ann] }), { profiles: [{ id: ann, name: 'Ann Archer' }] });
    const asker = await t.connect(fresh('asker'));
    assert.deepEqual((await call(asker, 'user:profiles', { users: [ann] })).profiles, [{ id: ann, name: 'Ann Archer' }]);
  });

  it('gives the avatar only when the token had one', async () => {
    const [withPicture, without] = [fresh('pictured'), fresh('plain')];
    await t.connect({ id: withPicture, name: 'Pia', avatar: 'https://example.com/pia.png' });
    await t.connect({ id: without, name: 'Pat' });
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
    await t.connect({ id: ben, name: 'Ben', avatar: 'https://example.com/ben.png' });
    await t.connect({ id: ben, name: 'Benjamin' });
    assert.deepEqual((await call(asker, 'user:profiles', { users: [ben] })).profiles, [{ id: ben, name: 'Benjamin' }]);
  });

  it('writes nothing when a user connects again with the same profile', async () => {
    const cat = fresh('cat');
    await t.connect({ id: cat, name: 'Cat', avatar: 'https://example.com/cat.png' });
    const first = await updatedAt(cat);
    await t.connect({ id: cat, name: 'Cat', avatar: 'https://example.com/cat.png' });
    assert.equal(await updatedAt(cat), first);
    await t.connect({ id: cat, name: 'Cat', avatar: 'https://example.com/cat-2.png' });
    assert.ok((await updatedAt(cat)) > first, 'a changed picture is written');
  });

  it('leaves unknown ids out and answers each known one once, in the order asked', async () => {
    const [dan, eve] = [fresh('dan'), fresh('eve')];
    await t.connect({ id: dan, name: 'Dan' });
    await t.connect({ id: eve, name: 'Eve' });
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

describe('profile changes pushed (user:profile-updated)', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());


  it('go to the people sharing a normal conversation, only when something changed; never to strangers', async () => {
    const [ann, bob, stranger, carl] = [fresh('ann'), fresh('bob'), fresh('stranger'), fresh('carl')];
    const annSocket = await t.connect({ id: ann, name: 'Ann' });
    const bobSocket = await t.connect({ id: bob, name: 'Bob' });
    const strangerSocket = await t.connect({ id: stranger, name: 'Stranger' });
    await t.connect({ id: carl, name: 'Carl' });
    await call(annSocket, 'conversation:create', { members: [bob] });
    await call(strangerSocket, 'conversation:create', { members: [carl] });
    const atBob = record(bobSocket, 'user:profile-updated');
    const atStranger = record(strangerSocket, 'user:profile-updated');

    await t.connect({ id: ann, name: 'Ann' }); // unchanged: nothing
    await t.connect({ id: ann, name: 'Ann Archer', avatar: 'https://example.com/ann.png' });
    await atBob.until((p) => p.name === 'Ann Archer');
    assert.deepEqual(atBob.events, [{ id: ann, name: 'Ann Archer', avatar: 'https://example.com/ann.png' }]);

    // Carl's change reaches the stranger after Ann's would have (one socket's pushes keep their order).
    await t.connect({ id: carl, name: 'Carl C.' });
    await atStranger.until((p) => p.id === carl);
    assert.deepEqual(atStranger.events, [{ id: carl, name: 'Carl C.' }]);
  });
});

describe('people search (user:search)', () => {
  let t: TestServer;

  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  const search = async (socket: TestSocket, text: string, limit?: number) =>
    (await call(socket, 'user:search', limit === undefined ? { text } : { text, limit })).profiles;

  it('finds people the user shares a conversation with by part of their name or id, ignoring case, those starting with it first', async () => {
    const [me, rob, bo, bob, stranger] = [fresh('me'), fresh('rob'), fresh('bo'), fresh('bob'), fresh('stranger')];
    const socket = await t.connect({ id: me, name: 'Me' });
    await t.connect({ id: rob, name: 'Robert Bobbins', avatar: 'https://example.com/rob.png' });
    await t.connect({ id: bo, name: 'Bo' });
    await t.connect({ id: bob, name: 'Bob' });
    await t.connect({ id: stranger, name: 'Bobby Stranger' });
    await call(socket, 'conversation:create', { members: [rob, bo], unique: false });
    await call(socket, 'conversation:create', { members: [bob] });

    assert.deepEqual(await search(socket, 'BO'), [
      { id: bo, name: 'Bo' },
      { id: bob, name: 'Bob' },
      { id: rob, name: 'Robert Bobbins', avatar: 'https://example.com/rob.png' },
    ]);
    assert.deepEqual(await search(socket, 'bob', 1), [{ id: bob, name: 'Bob' }], 'at most `limit`');
    assert.deepEqual(await search(socket, rob), [{ id: rob, name: 'Robert Bobbins', avatar: 'https://example.com/rob.png' }], 'by id');
    assert.deepEqual(await search(socket, 'Me'), [], 'never the user themself');
  });

  it('never finds people met only in a chat room, or strangers, and treats % and _ as plain characters', async () => {
    const [me, roomMate, stranger] = [fresh('me'), fresh('roommate'), fresh('stranger')];
    const socket = await t.connect({ id: me, name: 'Me' });
    const other = await t.connect({ id: roomMate, name: 'Room Mate 100%' });
    await t.connect({ id: stranger, name: 'Strange_r' });
    const room = await call(socket, 'conversation:create-chat-room', { name: 'Lobby' });
    await call(socket, 'conversation:join', { cid: room.id });
    await call(other, 'conversation:join', { cid: room.id });

    assert.deepEqual(await search(socket, 'Room Mate'), []);
    assert.deepEqual(await search(socket, 'Strange'), []);
    await call(socket, 'conversation:create', { members: [roomMate, stranger], unique: false });
    assert.deepEqual(await search(socket, '%'), [{ id: roomMate, name: 'Room Mate 100%' }]);
    assert.deepEqual(await search(socket, 'e_r'), [{ id: stranger, name: 'Strange_r' }]);
    assert.deepEqual(await search(socket, 'x_y'), []);
  });

  it('refuses empty, blank, too long and malformed searches', async () => {
    const socket = await t.connect(fresh('asker'));
    const cases: [unknown, string][] = [
      [{}, 'INVALID_PAYLOAD'],
      [{ text: '' }, 'INVALID_PAYLOAD'],
      [{ text: '   ' }, 'INVALID_PAYLOAD'],
      [{ text: 'a'.repeat(101) }, 'PAYLOAD_TOO_LARGE'],
      [{ text: 42 }, 'INVALID_PAYLOAD'],
      [{ text: 'a', limit: 0 }, 'INVALID_PAYLOAD'],
      [{ text: 'a', limit: 21 }, 'INVALID_PAYLOAD'],
      [{ text: 'a', limit: 1.5 }, 'INVALID_PAYLOAD'],
    ];
    for (const [payload, error] of cases) {
      const result = await request(socket, 'user:search', payload as never);
      assert.equal(result.ok ? 'answered' : result.error.name, error, JSON.stringify(payload).slice(0, 40));
    }
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

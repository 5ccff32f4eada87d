import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { claimJobRun } from '../../../src/server/cluster/job-claim.js';
import { ManualClock } from '../../support/manual-clock.js';
import { type PostgresServer, postgresBin, type RedisServer, redisBin, startPostgres, startRedis } from '../../support/services.js';
import {
  call,
  connectWithToken,
  newClientId,
  record,
  request,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../../support/test-server.js';

const missing = !postgresBin() ? 'PostgreSQL not installed' : !redisBin() ? 'Redis not installed' : false;

/**
 * What a user does on one node is seen by the others: chat room presence and counts, the
 * one-room-per-connection rule, rejoining on another node, flood and load limits, wills.
 */
describe('cluster-wide state on two nodes', { skip: missing }, () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let nodes: TestServer[] = [];
  // A stand-in push service: the paths it was posted to.
  const pushed: string[] = [];
  const pushService = createServer((req, res) => {
    pushed.push(req.url ?? '');
    req.resume().on('end', () => res.writeHead(201).end());
  });
  const clock = new ManualClock();
  let userCounter = 0;
  const fresh = (name: string) => `${name}-${process.pid}-${++userCounter}`;

  before(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    await new Promise<void>((r) => pushService.listen(0, '127.0.0.1', r));
    const databaseUrl = await postgres.createDatabase();
    const config = {
      push: { endpointHosts: ['127.0.0.1'], allowInsecureEndpoints: true },
      databaseUrl,
      redisUrl: redis.url,
      clock,
      conversations: { chatRoomFloodMessages: 3, chatRoomFloodSeconds: 60 },
      messages: { roomNormalPriorityPerSecond: 3, roomLowPriorityPerSecond: 1 },
    };
    for (let i = 0; i < 2; i++) nodes.push(await startTestServer(config));
  });
  after(async () => {
    for (const node of nodes) await node.close();
    nodes = [];
    pushService.close();
    await redis?.stop();
    await postgres?.stop();
  });

  const [A, B] = [0, 1];
  const connect = (node: number, user: string) => nodes[node]!.connect(user);
  const send = (socket: TestSocket, cid: string, text: string, priority?: 'low' | 'normal' | 'high') =>
    request(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text, ...(priority ? { priority } : {}) });
  const outcome = async (socket: TestSocket, cid: string, text: string, priority?: 'low' | 'normal' | 'high') => {
    const r = await send(socket, cid, text, priority);
    return r.ok ? 'ok' : r.error.name;
  };
  const count = async (socket: TestSocket, cid: string) => (await call(socket, 'conversation:count', { cid })).count;
  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      assert.ok(Date.now() < deadline, what);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function chatRoom(owner: TestSocket): Promise<string> {
    return (await call(owner, 'conversation:create-chat-room', { name: 'Lobby' })).id;
  }

  it('counts a chat room’s users on both nodes, and keeps each connection in one room', async () => {
    const [ann, ben] = [fresh('ann'), fresh('ben')];
    const annOnA = await connect(A, ann);
    const benOnB = await connect(B, ben);
    const [first, second] = [await chatRoom(annOnA), await chatRoom(annOnA)];
    await call(annOnA, 'conversation:join', { cid: first });
    await call(benOnB, 'conversation:join', { cid: first });
    assert.equal(await count(annOnA, first), 2);
    assert.equal(await count(benOnB, first), 2);

    // Ben's messages on node B reach Ann's connection on node A through the room.
    const toAnn = record(annOnA, 'message:created');
    const sent = await call(benOnB, 'message:send', { cid: first, clientId: newClientId(), type: -1, text: 'hello room' });
    await toAnn.until((m) => m.id === sent.id);

    // Joining another room takes Ben's connection out of the first, seen from node A too.
    await call(benOnB, 'conversation:join', { cid: second });
    assert.equal(await count(annOnA, first), 1);
    assert.equal(await count(annOnA, second), 1);
    // Another connection of Ann's, in the second room.
    const annElsewhere = await connect(A, ann);
    await call(annElsewhere, 'conversation:join', { cid: second });
    const later = record(benOnB, 'message:created');
    const marker = await call(annElsewhere, 'message:send', { cid: second, clientId: newClientId(), type: -1, text: 'marker' });
    const inFirst = await call(annOnA, 'message:send', { cid: first, clientId: newClientId(), type: -1, text: 'not for ben' });
    await call(benOnB, 'conversation:join', { cid: first });
    const marker2 = await call(annOnA, 'message:send', { cid: first, clientId: newClientId(), type: -1, text: 'for ben again' });
    await later.until((m) => m.id === marker2.id);
    assert.deepEqual(
      later.events.map((m) => m.id),
      [marker.id, marker2.id],
      'no message of a room the connection had left',
    );
    assert.ok(!later.events.some((m) => m.id === inFirst.id));
  });

  it('puts a user whose connection dropped on node A back into the room from node B', async () => {
    const [cat, dan] = [fresh('cat'), fresh('dan')];
    const danOnB = await connect(B, dan);
    const cid = await chatRoom(danOnB);
    await call(danOnB, 'conversation:join', { cid });
    const catOnA = await connectWithToken(nodes[A]!.url, await nodes[A]!.token(cat));
    await call(catOnA, 'conversation:join', { cid });
    assert.equal(await count(danOnB, cid), 2);

    // Cut without a goodbye, as a network loss.
    catOnA.io.engine.close();
    await until(async () => (await count(danOnB, cid)) === 1, 'the dropped connection left the room');
    const catOnB = await connect(B, cat);
    const rejoined = await call(catOnB, 'conversation:rejoin', { cid });
    assert.equal(rejoined.id, cid);
    assert.equal(await count(danOnB, cid), 2);
    assert.equal(await outcome(catOnB, cid, 'back'), 'ok');
  });

  it('counts each sender’s flood budget across nodes', async () => {
    const eve = fresh('eve');
    const [eveOnA, eveOnB] = [await connect(A, eve), await connect(B, eve)];
    const cid = await chatRoom(eveOnA);
    await call(eveOnA, 'conversation:join', { cid });
    await call(eveOnB, 'conversation:join', { cid });
    const results = [
      await outcome(eveOnA, cid, 'one'),
      await outcome(eveOnB, cid, 'two'),
      await outcome(eveOnA, cid, 'three'),
      await outcome(eveOnB, cid, 'four'),
    ];
    assert.deepEqual(results, ['ok', 'ok', 'ok', 'MESSAGE_SENT_QUOTA_EXCEEDED']);
  });

  it('sheds a busy room’s load by the whole cluster’s rate', async () => {
    const senders = [fresh('fay'), fresh('gus'), fresh('hal'), fresh('ida')];
    const sockets = await Promise.all(senders.map((user, i) => connect(i % 2, user)));
    const cid = await chatRoom(sockets[0]!);
    for (const socket of sockets) await call(socket, 'conversation:join', { cid });
    // One fresh second of server time for the whole burst.
    clock.advance(1000 - (clock.now() % 1000));
    const results = [];
    for (const [i, socket] of sockets.entries()) results.push(await outcome(socket, cid, `normal ${i}`));
    results.push(await outcome(sockets[1]!, cid, 'urgent', 'high'));
    assert.deepEqual(results, ['ok', 'ok', 'ok', 'RATE_LIMITED', 'ok']);
  });

  it('sends a will only when the user’s last connection on any node is lost', async () => {
    const [joe, kim] = [fresh('joe'), fresh('kim')];
    const kimOnA = await connect(A, kim);
    const conversation = await call(kimOnA, 'conversation:create', { members: [joe], unique: false });
    const cid = conversation.id;
    const joeOnB = await connect(B, joe);
    const joeOnA = await connectWithToken(nodes[A]!.url, await nodes[A]!.token(joe));
    await call(joeOnA, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'joe is gone', will: true });
    const toKim = record(kimOnA, 'message:created');

    // Joe is still connected on node B: nothing is sent.
    joeOnA.io.engine.close();
    await until(async () => (await nodes[A]!.server.io.local.in(`user:${joe}`).fetchSockets()).length === 0, 'node A saw the drop');
    // A round trip through both nodes and the store, after which a wrongly released will would show.
    const marker = await call(joeOnB, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'still here' });
    await toKim.until((m) => m.id === marker.id);
    const held = await nodes[B]!.server.db.selectFrom('will_messages').select('sender').where('sender', '=', joe).execute();
    assert.equal(held.length, 1, 'the will is still held');

    // Now the last one goes: the will is sent, once.
    joeOnB.io.engine.close();
    const will = await toKim.until((m) => m.text === 'joe is gone');
    assert.equal(will.from, joe);
    const history = await call(kimOnA, 'message:history', { cid });
    assert.deepEqual(
      history.messages.map((m) => m.text),
      ['still here', 'joe is gone'],
    );
  });

  it('pushes to a member only when they have no connection on any node', async () => {
    const [lou, max] = [fresh('lou'), fresh('max')];
    const louOnA = await connect(A, lou);
    const cid = (await call(louOnA, 'conversation:create', { members: [max], unique: false })).id;
    const maxOnB = await connect(B, max);
    const keys = createECDH('prime256v1');
    keys.generateKeys();
    const path = `/push/${max}`;
    const { port } = pushService.address() as AddressInfo;
    await call(maxOnB, 'push:subscribe', {
      endpoint: `http://127.0.0.1:${port}${path}`,
      keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
    });

    // Max is connected on node B only: node A, which commits the message, must not push.
    const toMax = record(maxOnB, 'message:created');
    const whileOnline = await call(louOnA, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'you are here' });
    await toMax.until((m) => m.id === whileOnline.id);
    maxOnB.disconnect();
    await until(async () => (await nodes[B]!.server.io.local.in(`user:${max}`).fetchSockets()).length === 0, 'node B saw max leave');

    await call(louOnA, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'you are away' });
    await until(async () => pushed.includes(path), 'the offline member got a push');
    assert.deepEqual(
      pushed.filter((p) => p === path),
      [path],
      'one push: for the message sent while away',
    );
  });

  it('lets one node claim each run of a periodic job', async () => {
    const name = `job-${process.pid}-${++userCounter}`;
    const now = Date.now();
    const claims = await Promise.all(nodes.map((node) => claimJobRun(node.server.db, name, 60_000, now)));
    assert.deepEqual(claims.filter(Boolean).length, 1, 'exactly one node runs it');
    assert.equal(await claimJobRun(nodes[B]!.server.db, name, 60_000, now + 30_000), false, 'not again within the interval');
    assert.equal(await claimJobRun(nodes[B]!.server.db, name, 60_000, now + 60_000), true, 'the next interval’s run');
  });
});

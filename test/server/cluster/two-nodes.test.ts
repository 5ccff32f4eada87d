import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MessageRecord } from '../../../src/protocol/model.js';
import { type PostgresServer, postgresBin, type RedisServer, redisBin, startPostgres, startRedis } from '../../support/services.js';
import { call, type EventRecorder, newClientId, record, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

const MASTER_KEY = 'two-nodes-master-key-that-is-long-enough';
const missing = !postgresBin() ? 'PostgreSQL not installed' : !redisBin() ? 'Redis not installed' : false;

/** Two nodes sharing one PostgreSQL database and one Redis, as in a real deployment. */
describe('two nodes sharing PostgreSQL and Redis', { skip: missing }, () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let nodes: TestServer[] = [];
  let userCounter = 0;
  const freshUser = (name: string) => `${name}-${process.pid}-${++userCounter}`;

  before(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await postgres.createDatabase();
    // One after the other: both run the migrations on the same database.
    for (let i = 0; i < 2; i++) nodes.push(await startTestServer({ databaseUrl, redisUrl: redis.url, masterKey: MASTER_KEY }));
  });
  after(async () => {
    for (const node of nodes) await node.close();
    nodes = [];
    await redis?.stop();
    await postgres?.stop();
  });

  /** Alice on node A and bob on node B in a group of their own, with what reaches bob recorded. */
  async function pairAcrossNodes() {
    const bob = freshUser('bob');
    const aliceSocket = await nodes[0]!.connect(freshUser('alice'));
    const bobSocket = await nodes[1]!.connect(bob);
    const conversation = await call(aliceSocket, 'conversation:create', { members: [bob], unique: false });
    return { aliceSocket, bobSocket, conversation, toBob: record(bobSocket, 'message:created') };
  }

  /** Connects each user to node A or B in turn. */
  const spread = (users: string[]): Promise<TestSocket[]> => Promise.all(users.map((user, i) => nodes[i % 2]!.connect(user)));

  it('delivers a message sent on node A to a member connected to node B', async () => {
    const { aliceSocket, conversation, toBob } = await pairAcrossNodes();

    const sent = await call(aliceSocket, 'message:send', { cid: conversation.id, clientId: newClientId(), type: -1, text: 'across nodes' });

    const received = await toBob.until((m) => m.id === sent.id);
    assert.deepEqual(received, sent);
  });

  it('gives 20 concurrent senders on both nodes gap-free, unique seq that everyone sees in the same order', async () => {
    const users = Array.from({ length: 20 }, (_, i) => freshUser(`member${i}`));
    const sockets = await spread(users);
    const group = await call(sockets[0]!, 'conversation:create', { members: users.slice(1), unique: false });
    const perSender = 5;
    const total = users.length * perSender;
    const pushes = sockets.map((socket) => record(socket, 'message:created'));

    // Everyone sends at once; each sends its own messages concurrently too.
    const acks = await Promise.all(
      sockets.map((socket, i) =>
        Promise.all(
          Array.from({ length: perSender }, (_, n) =>
            call(socket, 'message:send', { cid: group.id, clientId: newClientId(), type: -1, text: `${users[i]} #${n}` }),
          ),
        ),
      ),
    );

    const allSent = acks.flat();
    assert.deepEqual(
      allSent.map((m) => m.seq).sort((a, b) => a - b),
      Array.from({ length: total }, (_, i) => i + 1),
      'seq 1..N, each exactly once',
    );
    assert.equal(new Set(allSent.map((m) => m.id)).size, total);
    const expected = orderBySeq(allSent);

    // Each member sees every other member's message pushed (its own come back in the ack), and
    // ordering by seq gives everyone the same sequence.
    for (const [i, recorder] of pushes.entries()) {
      const others = total - perSender;
      await recorder.until(() => recorder.events.filter((m) => m.cid === group.id).length >= others, 10_000);
      const seen = recorder.events.filter((m) => m.cid === group.id);
      assert.equal(seen.length, others, `${users[i]} got no duplicates`);
      assert.deepEqual(orderBySeq([...seen, ...acks[i]!]), expected, `${users[i]} sees the same order`);
    }

    // History read through either node is the same sequence.
    for (const [n, socket] of [sockets[0]!, sockets[1]!].entries()) {
      const page = await call(socket, 'message:history', { cid: group.id, limit: 100 });
      assert.deepEqual(orderBySeq(page.messages), expected, `history through node ${n === 0 ? 'A' : 'B'}`);
    }
  });

  it('makes one conversation of many creates racing on both nodes: a private chat, or a create sent again with its key', async () => {
    const [alice, bob] = [freshUser('alice'), freshUser('bob')];
    const [onA, onB] = [await nodes[0]!.connect(alice), await nodes[1]!.connect(bob)];
    // The pair opens their private chat 50 times at once, from both ends, on both nodes.
    const pair = await Promise.all(Array.from({ length: 50 }, (_, i) => call(i % 2 ? onB : onA, 'conversation:create', { members: [i % 2 ? alice : bob] })));
    assert.equal(new Set(pair.map((c) => c.id)).size, 1, 'one private chat');
    // Alice's one group create, sent again and again through both of her connections.
    const onA2 = await nodes[1]!.connect(alice);
    const create = { members: [bob, freshUser('carol')], name: 'once', clientId: newClientId() };
    const group = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? onA2 : onA, 'conversation:create', create)));
    assert.equal(new Set(group.map((c) => c.id)).size, 1, 'one group');
    const rows = await nodes[0]!.server.db.selectFrom('conversations').select('id').where('creator', 'in', [alice, bob]).execute();
    assert.equal(rows.length, 2, 'two conversations stored in all');
  });

  it('broadcasts a service message sent through node A’s admin API to subscribers connected to node B', async () => {
    const admin = async (path: string, body: unknown) => {
      const response = await fetch(`${nodes[0]!.url}/api/admin${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.ok(response.ok, `${path}: ${response.status}`);
      return (await response.json()) as { id: string; messages: MessageRecord[] };
    };
    const [reader, other] = [freshUser('reader'), freshUser('other')];
    const readerSocket = await nodes[1]!.connect(reader);
    const otherSocket = await nodes[1]!.connect(other);
    const service = await admin('/service-conversations', { name: 'News' });
    await admin(`/service-conversations/${service.id}/subscribers`, { users: [reader] });
    const atReader = record(readerSocket, 'message:created');
    const atOther = record(otherSocket, 'message:created');
    const { messages } = await admin(`/service-conversations/${service.id}/messages`, { text: 'Across the cluster' });
    assert.equal((await atReader.until((m) => m.id === messages[0]!.id)).text, 'Across the cluster');
    // A message to the non-subscriber afterwards shows the broadcast did not reach them.
    const marker = await call(readerSocket, 'conversation:create', { members: [other], unique: false });
    const ping = await call(readerSocket, 'message:send', { cid: marker.id, clientId: newClientId(), type: -1, text: 'marker' });
    await atOther.until((m) => m.id === ping.id);
    assert.deepEqual(atOther.events.map((m) => m.text), ['marker']);
  });

  it('resumes cross-node delivery after Redis restarts, without restarting the nodes', async () => {
    const { aliceSocket, conversation, toBob } = await pairAcrossNodes();

    await redis.restart();

    assert.ok(await sendUntilDelivered(aliceSocket, conversation.id, toBob), 'a message sent on node A reached node B after the restart');
  });

  it('keeps taking messages while Redis is down; cross-node delivery resumes when it is back and the gap fills from the store', async () => {
    const problems: unknown[] = [];
    const record_ = (error: unknown) => problems.push(error);
    process.on('uncaughtException', record_);
    process.on('unhandledRejection', record_);
    try {
      const { aliceSocket, bobSocket, conversation, toBob } = await pairAcrossNodes();

      redis.down();
      let upAgain = false;
      try {
        // Stored and acknowledged: the database is what makes a message accepted, not Redis.
        for (const text of ['while Redis is down 1', 'while Redis is down 2']) {
          await call(aliceSocket, 'message:send', { cid: conversation.id, clientId: newClientId(), type: -1, text });
        }
      } finally {
        await redis.up();
        upAgain = true;
      }
      assert.ok(upAgain);
      assert.ok(await sendUntilDelivered(aliceSocket, conversation.id, toBob), 'pushes cross nodes again');
      // What Bob's pushes missed, his client fetches by seq: all of it is there.
      const page = await call(bobSocket, 'message:history', { cid: conversation.id, afterSeq: 0 });
      assert.deepEqual(page.messages.slice(0, 2).map((m) => m.text), ['while Redis is down 1', 'while Redis is down 2']);
      assert.deepEqual(problems, [], 'no uncaught exception or unhandled rejection');
    } finally {
      process.off('uncaughtException', record_);
      process.off('unhandledRejection', record_);
    }
  });
});

/**
 * After Redis comes back the nodes reconnect and subscribe again on their own; until then a push
 * may be lost (the client fills such gaps from history), so this sends until one arrives, a
 * bounded number of times. The message that arrived, or undefined.
 */
async function sendUntilDelivered(sender: TestSocket, cid: string, atReceiver: EventRecorder<MessageRecord>): Promise<MessageRecord | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const sent = await call(sender, 'message:send', { cid, clientId: newClientId(), type: -1, text: `after the outage ${attempt}` });
    const delivered = await atReceiver.until((m) => m.id === sent.id, 500).catch(() => undefined);
    if (delivered) return delivered;
  }
  return undefined;
}

function orderBySeq(messages: MessageRecord[]): string[] {
  return [...messages].sort((a, b) => a.seq - b.seq).map((m) => `${m.seq}:${m.id}`);
}

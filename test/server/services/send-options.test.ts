import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  call,
  connectWithToken,
  newClientId,
  nextEvent,
  rawRequest,
  record,
  startTestServer,
  type TestServer,
} from '../../support/test-server.js';

let users = 0;
const fresh = (name: string) => `${name}-o${++users}`;

describe('send options', () => {
  let t: TestServer;
  /** The server's clock; a test may hold it still. */
  const clock = { frozenAt: undefined as number | undefined, now: () => clock.frozenAt ?? Date.now() };
  const countMessages = async (cid: string) =>
    Number(
      (
        await t.server.db
          .selectFrom('messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('conversation_id', '=', cid)
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestServer({ clock, messages: { roomLowPriorityPerSecond: 2, roomNormalPriorityPerSecond: 4 } });
  });
  after(() => t.close());

  async function pair() {
    const [alice, bob] = [fresh('alice'), fresh('bob')];
    const [a, b] = [await t.connect(alice), await t.connect(bob)];
    const conversation = await call(a, 'conversation:create', { members: [bob] });
    return { alice, bob, a, b, cid: conversation.id };
  }

  describe('transient', () => {
    it('relays to online members only, stores nothing and takes no seq', async () => {
      const { a, b, cid } = await pair();
      const created = record(b, 'message:created');
      const relayed = nextEvent(b, 'message:relayed');
      const typing = await call(a, 'message:send', { cid, clientId: newClientId(), type: 101, fields: { typing: true }, transient: true });
      assert.equal(typing.transient, true);
      assert.equal(typing.seq, 0);
      assert.deepEqual(await relayed, typing);
      assert.equal(await countMessages(cid), 0);
      const next = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'real' });
      assert.equal(next.seq, 1, 'the transient message took no seq');
      await created.until((m) => m.id === next.id);
      assert.deepEqual(created.events.map((m) => m.id), [next.id]);
      assert.deepEqual((await call(b, 'message:history', { cid })).messages.map((m) => m.text), ['real']);
    });

    it('is checked like any message: a non-member is refused', async () => {
      const { cid } = await pair();
      const mallory = await t.connect(fresh('mallory'));
      const result = await rawRequest(mallory, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'x', transient: true });
      assert.ok(!result.ok);
      assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
    });
  });

  describe('receipt', () => {
    it('in 1:1: the sender learns when it is delivered and read, and history keeps deliveredAt', async () => {
      const { bob, a, b, cid } = await pair();
      const message = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'did you get it?', receipt: true });
      assert.equal(message.receipt, true);
      const delivered = nextEvent(a, 'message:receipts-updated');
      const own = await call(b, 'message:ack', { cid, seq: message.seq });
      assert.equal(own.user, bob);
      assert.equal(own.lastDeliveredSeq, message.seq);
      const update = await delivered;
      assert.deepEqual(update, { cid, user: bob, lastDeliveredSeq: 1, lastDeliveredAt: message.timestamp, lastReadSeq: 0 });
      const [stored] = (await call(a, 'message:history', { cid })).messages;
      assert.ok(stored!.deliveredAt! >= message.timestamp, 'deliveredAt set at delivery');

      const read = nextEvent(a, 'message:receipts-updated');
      await call(b, 'conversation:read', { cid });
      assert.deepEqual(await read, {
        cid,
        user: bob,
        lastDeliveredSeq: 1,
        lastDeliveredAt: message.timestamp,
        lastReadSeq: 1,
        lastReadAt: message.timestamp,
      });
      assert.deepEqual(await call(a, 'message:receipts', { cid }), await read);
    });

    it('clamps an ack past the newest message, never moves back, and refuses outsiders', async () => {
      const { a, b, cid } = await pair();
      await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'one' });
      assert.equal((await call(b, 'message:ack', { cid, seq: 1_000_000 })).lastDeliveredSeq, 1);
      assert.equal((await call(b, 'message:ack', { cid, seq: 0 })).lastDeliveredSeq, 1);
      const mallory = await t.connect(fresh('mallory'));
      const result = await rawRequest(mallory, 'message:ack', { cid, seq: 1 });
      assert.ok(!result.ok);
      assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
    });

    it('is not kept in a group, which has no receipts', async () => {
      const [alice, bob, carol] = [fresh('alice'), fresh('bob'), fresh('carol')];
      const a = await t.connect(alice);
      const b = await t.connect(bob);
      const { id: cid } = await call(a, 'conversation:create', { members: [bob, carol] });
      const message = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'all', receipt: true });
      assert.equal(message.receipt, undefined);
      const updates = record(a, 'message:receipts-updated');
      await call(b, 'message:ack', { cid, seq: 1 });
      const result = await rawRequest(a, 'message:receipts', { cid });
      assert.ok(!result.ok);
      assert.equal(result.error.name, 'CONVERSATION_NOT_ALLOWED');
      // A marker on the same socket: had an update been pushed, it would have come before.
      const marker = await call(b, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'marker' });
      await record(a, 'message:created').until((m) => m.id === marker.id);
      assert.deepEqual(updates.events, []);
    });
  });

  describe('will', () => {
    async function withWill(user: string, cid: string, text: string) {
      const socket = await connectWithToken(t.url, await t.token(user));
      const held = await call(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text, will: true });
      return { socket, held };
    }

    it('is held, then sent to the conversation when the sender’s connection is lost', async () => {
      const { alice, b, cid } = await pair();
      // Alice's only connection is the one holding the will.
      const aliceSockets = await t.server.io.in(`user:${alice}`).fetchSockets();
      for (const s of aliceSockets) s.disconnect(true);
      const { socket, held } = await withWill(alice, cid, 'alice dropped off');
      assert.equal(held.will, true);
      assert.equal(held.seq, 0);
      assert.equal(await countMessages(cid), 0, 'held, not stored as a message');
      const sent = nextEvent(b, 'message:created');
      // Cut the transport without a goodbye: the server sees "transport close".
      socket.io.engine.close();
      const message = await sent;
      assert.equal(message.text, 'alice dropped off');
      assert.equal(message.from, alice);
      assert.equal(message.seq, 1);
      assert.equal(message.will, undefined);
    });

    it('is dropped on a clean disconnect, and only the last will counts', async () => {
      const { alice, b, cid } = await pair();
      for (const s of await t.server.io.in(`user:${alice}`).fetchSockets()) s.disconnect(true);
      const first = await withWill(alice, cid, 'first will');
      await call(first.socket, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'second will', will: true });
      const wills = await t.server.db.selectFrom('will_messages').select('payload').where('sender', '=', alice).execute();
      assert.equal(wills.length, 1);
      assert.match(wills[0]!.payload, /second will/);

      first.socket.disconnect();
      await waitFor(async () => (await t.server.db.selectFrom('will_messages').selectAll().where('sender', '=', alice).execute()).length === 0);
      const marker = await call(await t.connect(alice), 'message:send', { cid, clientId: newClientId(), type: -1, text: 'back' });
      const page = await call(b, 'message:history', { cid });
      assert.deepEqual(page.messages.map((m) => m.id), [marker.id]);
    });

    it('is checked when set: a non-member cannot leave one', async () => {
      const { cid } = await pair();
      const mallory = await t.connect(fresh('mallory'));
      const result = await rawRequest(mallory, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'x', will: true });
      assert.ok(!result.ok);
      assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
      const both = await rawRequest(mallory, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'x', will: true, transient: true });
      assert.ok(!both.ok);
      assert.equal(both.error.detail?.field, 'will');
    });
  });

  describe('priority in a chat room under load', () => {
    it('drops low priority first, then normal, and never high', async () => {
      const [alice, bob] = [fresh('alice'), fresh('bob')];
      const [a, b] = [await t.connect(alice), await t.connect(bob)];
      const created = await rawRequest(a, 'conversation:create-chat-room', { name: 'Busy room' });
      assert.ok(created.ok);
      const cid = (created.data as { id: string }).id;
      for (const socket of [a, b]) assert.ok((await rawRequest(socket, 'conversation:join', { cid })).ok);

      // All in one second of the server's clock: up to 2 sends pass low, up to 4 pass normal.
      clock.frozenAt = Date.now();
      // Two senders, so the room's per-user flood limit stays out of the way.
      const outcome = async (socket: typeof a, priority: 'low' | 'normal' | 'high', n: number) => {
        const results: string[] = [];
        for (let i = 0; i < n; i++) {
          const r = await rawRequest(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text: priority, priority });
          results.push(r.ok ? 'ok' : r.error.name);
        }
        return results;
      };
      try {
        assert.deepEqual(await outcome(a, 'low', 3), ['ok', 'ok', 'RATE_LIMITED']);
        assert.deepEqual(await outcome(a, 'normal', 3), ['ok', 'ok', 'RATE_LIMITED']);
        assert.deepEqual(await outcome(b, 'high', 3), ['ok', 'ok', 'ok']);
        assert.deepEqual(await outcome(b, 'low', 1), ['RATE_LIMITED']);
        // The next second starts a new window.
        clock.frozenAt += 1000;
        assert.deepEqual(await outcome(b, 'low', 1), ['ok']);
      } finally {
        clock.frozenAt = undefined;
      }
      const rows = await t.server.db.selectFrom('messages').select('text').where('conversation_id', '=', cid).orderBy('seq').execute();
      assert.deepEqual(rows.map((m) => m.text), ['low', 'low', 'normal', 'normal', 'high', 'high', 'high', 'low']);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}


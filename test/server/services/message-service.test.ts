import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { AckResult } from '../../../src/protocol/events.js';
import type { MessageRecord } from '../../../src/protocol/model.js';
import {
  call,
  newClientId,
  nextEvent,
  record,
  request,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../../support/test-server.js';
import { testingOnPostgres } from '../../support/test-database.js';
import { ManualClock } from '../../support/manual-clock.js';

let userCounter = 0;
/** A user id no other test has used. */
function freshUser(name: string): string {
  userCounter++;
  return `${name}-${userCounter}`;
}

/** Emits a send without waiting, with a generous bounded ack timeout for long pipelines. */
function emitSend(socket: TestSocket, payload: Record<string, unknown>, timeoutMs = 60_000): Promise<AckResult<MessageRecord>> {
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  return timed.emitWithAck('message:send', payload) as Promise<AckResult<MessageRecord>>;
}

function data<T>(result: AckResult<T>): T {
  if (!result.ok) throw new Error(`command failed: ${result.error.name} ${result.error.message}`);
  return result.data;
}

describe('message service (over the socket)', () => {
  let t: TestServer;
  /** A second connection to the server's database: sees committed rows only. */
  let reader: RowReader;
  /** For each message:send ack about to go out: was its row already committed? */
  const committedBeforeAck = new Map<string, Promise<boolean>>();

  const rowById = (id: string) => reader.row(id);
  const countMessages = async (cid?: string) => {
    let query = t.server.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n'));
    if (cid) query = query.where('conversation_id', '=', cid);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  async function conversationOf(...users: string[]) {
    const sockets = await Promise.all(users.map((u) => t.connect(u)));
    const conversation = await call(sockets[0]!, 'conversation:create', { members: users.slice(1), unique: false });
    return { cid: conversation.id, sockets };
  }

  const send = (socket: TestSocket, cid: string, text: string, clientId = newClientId()) =>
    call(socket, 'message:send', { cid, clientId, type: -1, text });

  before(async () => {
    t = await startTestServer({
      testHooks: {
        beforeAck(command, result) {
          if (command === 'message:send') {
            const message = result as MessageRecord;
            // Both readers send their query before this returns, that is before the ack goes out.
            committedBeforeAck.set(message.id, rowById(message.id).then((row) => row !== undefined));
          }
          return true;
        },
      },
    });
    reader = await openReader(t);
  });
  after(async () => {
    await reader.close();
    await t.close();
  });

  describe('message:send', () => {
    it('returns the committed record with server id, seq 1, 2, 3…, timestamp and the authenticated sender', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const { cid, sockets } = await conversationOf(alice, bob);
      const records: MessageRecord[] = [];
      for (const text of ['one', 'two', 'three']) {
        const clientId = newClientId();
        const before = Date.now();
        const message = await call(sockets[0]!, 'message:send', { cid, clientId, type: -1, text });
        const afterAck = Date.now();
        assert.equal(message.cid, cid);
        assert.equal(message.from, alice);
        assert.equal(message.clientId, clientId);
        assert.equal(message.type, -1);
        assert.equal(message.text, text);
        assert.ok(message.timestamp >= before && message.timestamp <= afterAck, 'timestamp taken by the server at commit');
        assert.match(message.id, /^[A-Za-z0-9_-]{10,}$/);
        records.push(message);
      }
      assert.deepEqual(
        records.map((m) => m.seq),
        [1, 2, 3],
      );
      assert.equal(new Set(records.map((m) => m.id)).size, 3);
    });

    it('delivers message:created to the other members and the sender’s other sockets, not to outsiders', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const carol = freshUser('carol');
      const { cid, sockets } = await conversationOf(alice, bob);
      const [aliceSocket, bobSocket] = sockets as [TestSocket, TestSocket];
      const alice2 = await t.connect(alice);
      const carolSocket = await t.connect(carol);
      const toCarol = record(carolSocket, 'message:created');
      const toAlice = record(aliceSocket, 'message:created');
      const toBob = nextEvent(bobSocket, 'message:created');
      const toAlice2 = nextEvent(alice2, 'message:created');
      const readOnAlice2 = nextEvent(alice2, 'conversation:read-updated');

      const message = await send(aliceSocket, cid, 'hello bob');

      assert.deepEqual(await toBob, message);
      assert.deepEqual(await toAlice2, message);
      assert.deepEqual(await readOnAlice2, { cid, lastReadSeq: message.seq, unreadMessagesCount: 0 });

      // Marker: a message in a conversation carol is in; a leak would have arrived before it.
      const carolConversation = await call(aliceSocket, 'conversation:create', { members: [carol], unique: false });
      const marker = await send(aliceSocket, carolConversation.id, 'hello carol');
      await toCarol.until((m) => m.id === marker.id);
      assert.deepEqual(
        toCarol.events.map((m) => m.id),
        [marker.id],
      );
      assert.deepEqual(toAlice.events, [], 'the sending socket gets its ack, not a push');
    });

    it('refuses a non-member with 4401 and stores nothing', async () => {
      const alice = freshUser('alice');
      const { cid, sockets } = await conversationOf(alice, freshUser('bob'));
      await send(sockets[0]!, cid, 'first');
      const mallory = await t.connect(freshUser('mallory'));
      const before = await countMessages();

      const result = await request(mallory, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'intrusion' });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 4401);
      assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
      assert.equal(await countMessages(), before);

      const missing = await request(mallory, 'message:send', { cid: 'no-such-cid', clientId: newClientId(), type: -1, text: 'x' });
      assert.ok(!missing.ok);
      assert.deepEqual(missing.error, result.error, 'a missing conversation answers the same');

      // The seq was not consumed.
      assert.equal((await send(sockets[0]!, cid, 'second')).seq, 2);
    });
  });

  describe('durability', () => {
    it('acks only after the commit: the row is readable from another connection', async () => {
      const alice = freshUser('alice');
      const { cid, sockets } = await conversationOf(alice, freshUser('bob'));
      for (let i = 0; i < 5; i++) {
        const message = await send(sockets[0]!, cid, `durable ${i}`);
        const row = await rowById(message.id);
        assert.deepEqual(row, { id: message.id, seq: message.seq, sender: alice, text: `durable ${i}` });
        assert.equal(await committedBeforeAck.get(message.id), true, 'committed before the ack was sent');
      }
    });
  });

  describe('idempotent resend', () => {
    it('returns the first result for the same clientId, stores one row and pushes once', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const { cid, sockets } = await conversationOf(alice, bob);
      const [aliceSocket, bobSocket] = sockets as [TestSocket, TestSocket];
      const toBob = record(bobSocket, 'message:created');
      const clientId = newClientId();

      const first = await send(aliceSocket, cid, 'once', clientId);
      const second = await send(aliceSocket, cid, 'once', clientId);
      assert.deepEqual(second, first);
      assert.equal(await countMessages(cid), 1);

      const marker = await send(aliceSocket, cid, 'marker');
      assert.equal(marker.seq, first.seq + 1, 'the resend did not take a seq');
      await toBob.until((m) => m.id === marker.id);
      assert.deepEqual(
        toBob.events.map((m) => m.id),
        [first.id, marker.id],
      );
    });

    it('returns the first result when the resend carries different text, leaving the text unchanged', async () => {
      const alice = freshUser('alice');
      const { cid, sockets } = await conversationOf(alice, freshUser('bob'));
      const clientId = newClientId();
      const first = await send(sockets[0]!, cid, 'original', clientId);
      const second = await send(sockets[0]!, cid, 'changed', clientId);
      assert.deepEqual(second, first);
      assert.equal(second.text, 'original');
      assert.equal((await rowById(first.id))?.text, 'original');
      assert.equal(await countMessages(cid), 1);
    });

    it('treats the same clientId from a different sender as a separate message', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const { cid, sockets } = await conversationOf(alice, bob);
      const clientId = newClientId();
      const fromAlice = await send(sockets[0]!, cid, 'from alice', clientId);
      const fromBob = await send(sockets[1]!, cid, 'from bob', clientId);
      assert.notEqual(fromBob.id, fromAlice.id);
      assert.deepEqual([fromAlice.from, fromAlice.seq, fromBob.from, fromBob.seq], [alice, 1, bob, 2]);
      assert.equal(fromBob.text, 'from bob');
      assert.equal(await countMessages(cid), 2);
    });

    it('stores one row when the same clientId races in from two sockets of the same user', async () => {
      const alice = freshUser('alice');
      const { cid, sockets } = await conversationOf(alice, freshUser('bob'));
      const alice2 = await t.connect(alice);
      const clientId = newClientId();
      const payload = { cid, clientId, type: -1, text: 'racing' };
      const results = (await Promise.all([emitSend(sockets[0]!, payload), emitSend(alice2, payload)])).map(data);
      assert.deepEqual(results[1], results[0]);
      assert.equal(await countMessages(cid), 1);
    });
  });

  it('ignores forged from, id, seq and timestamp fields', async () => {
    const alice = freshUser('alice');
    const bob = freshUser('bob');
    const { cid, sockets } = await conversationOf(alice, bob);
    await send(sockets[0]!, cid, 'first');
    const before = Date.now();
    const result = await emitSend(sockets[0]!, {
      cid,
      clientId: newClientId(),
      type: -1,
      text: 'forged',
      from: bob,
      id: 'forged-id',
      seq: 999,
      timestamp: 1,
      updatedAt: 2,
    });
    const message = data(result);
    assert.equal(message.from, alice);
    assert.notEqual(message.id, 'forged-id');
    assert.equal(message.seq, 2);
    assert.ok(message.timestamp >= before);
    assert.equal(message.updatedAt, undefined);
    assert.deepEqual(await rowById(message.id), { id: message.id, seq: 2, sender: alice, text: 'forged' });
    assert.equal(await rowById('forged-id'), undefined);
  });

  describe('ordering', () => {
    it('gives 200 pipelined sends from one socket seq in emission order', async () => {
      const alice = freshUser('alice');
      const { cid, sockets } = await conversationOf(alice, freshUser('bob'));
      const acks = Array.from({ length: 200 }, (_, i) =>
        emitSend(sockets[0]!, { cid, clientId: newClientId(), type: -1, text: `m${i}` }),
      );
      const messages = (await Promise.all(acks)).map(data);
      assert.deepEqual(
        messages.map((m) => m.seq),
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        messages.map((m) => m.text),
        Array.from({ length: 200 }, (_, i) => `m${i}`),
      );
      const stored = await t.server.db
        .selectFrom('messages')
        .select(['seq', 'text'])
        .where('conversation_id', '=', cid)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        stored.map((r) => r.text),
        Array.from({ length: 200 }, (_, i) => `m${i}`),
      );
    });

    it('gives two sockets sending at once a gap-free seq 1..N, each in its own order', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const { cid, sockets } = await conversationOf(alice, bob);
      const perSocket = 60;
      const sends = sockets.map((socket, s) =>
        Array.from({ length: perSocket }, (_, i) =>
          emitSend(socket, { cid, clientId: newClientId(), type: -1, text: `s${s}-${i}` }),
        ),
      );
      const results = await Promise.all(sends.map(async (list) => (await Promise.all(list)).map(data)));

      const seqs = results.flat().map((m) => m.seq).sort((a, b) => a - b);
      assert.deepEqual(
        seqs,
        Array.from({ length: perSocket * 2 }, (_, i) => i + 1),
      );
      for (const list of results) {
        const own = list.map((m) => m.seq);
        assert.deepEqual(own, [...own].sort((a, b) => a - b), 'one socket’s messages keep its order');
      }
      const conversation = await call(sockets[0]!, 'conversation:get', { cid });
      assert.equal(conversation.lastSeq, perSocket * 2);
    });
  });

  describe('message:history', () => {
    let cid: string;
    let aliceSocket: TestSocket;
    let sent: MessageRecord[];

    before(async () => {
      const alice = freshUser('alice');
      const conversation = await conversationOf(alice, freshUser('bob'));
      cid = conversation.cid;
      aliceSocket = conversation.sockets[0]!;
      sent = [];
      for (let i = 1; i <= 45; i++) sent.push(await send(aliceSocket, cid, `h${i}`));
    });

    const seqsOf = (messages: MessageRecord[]) => messages.map((m) => m.seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    it('defaults to the newest 20, oldest first, with hasMore', async () => {
      const page = await call(aliceSocket, 'message:history', { cid });
      assert.deepEqual(seqsOf(page.messages), range(26, 45));
      assert.equal(page.hasMore, true);
      assert.deepEqual(page.messages, sent.slice(25));
    });

    it('pages backwards with beforeSeq to the start, each message exactly once', async () => {
      const seen: number[] = [];
      let page = await call(aliceSocket, 'message:history', { cid, limit: 7 });
      seen.unshift(...seqsOf(page.messages));
      let guard = 0;
      while (page.hasMore) {
        assert.ok(guard++ < 20, 'paging never ended');
        page = await call(aliceSocket, 'message:history', { cid, limit: 7, beforeSeq: seen[0]! });
        assert.ok(page.messages.length <= 7);
        seen.unshift(...seqsOf(page.messages));
      }
      assert.deepEqual(seen, range(1, 45));
    });

    it('pages forwards with afterSeq', async () => {
      const first = await call(aliceSocket, 'message:history', { cid, afterSeq: 0 });
      assert.deepEqual(seqsOf(first.messages), range(1, 20));
      assert.equal(first.hasMore, true);
      const second = await call(aliceSocket, 'message:history', { cid, afterSeq: 20 });
      assert.deepEqual(seqsOf(second.messages), range(21, 40));
      assert.equal(second.hasMore, true);
      const last = await call(aliceSocket, 'message:history', { cid, afterSeq: 40 });
      assert.deepEqual(seqsOf(last.messages), range(41, 45));
      assert.equal(last.hasMore, false);
      const exact = await call(aliceSocket, 'message:history', { cid, afterSeq: 25 });
      assert.deepEqual(seqsOf(exact.messages), range(26, 45));
      assert.equal(exact.hasMore, false, 'exactly a page left is not "more"');
      const none = await call(aliceSocket, 'message:history', { cid, afterSeq: 45 });
      assert.deepEqual(none, { messages: [], hasMore: false });
    });

    it('respects limit in both directions', async () => {
      const newest = await call(aliceSocket, 'message:history', { cid, limit: 3 });
      assert.deepEqual(seqsOf(newest.messages), [43, 44, 45]);
      const before = await call(aliceSocket, 'message:history', { cid, limit: 4, beforeSeq: 10 });
      assert.deepEqual(seqsOf(before.messages), [6, 7, 8, 9]);
      assert.equal(before.hasMore, true);
      const start = await call(aliceSocket, 'message:history', { cid, limit: 5, beforeSeq: 6 });
      assert.deepEqual(seqsOf(start.messages), [1, 2, 3, 4, 5]);
      assert.equal(start.hasMore, false);
      const after = await call(aliceSocket, 'message:history', { cid, limit: 2, afterSeq: 10 });
      assert.deepEqual(seqsOf(after.messages), [11, 12]);
      const max = await call(aliceSocket, 'message:history', { cid, limit: 100 });
      assert.deepEqual(seqsOf(max.messages), range(1, 45));
      assert.equal(max.hasMore, false);
    });

    it('refuses a non-member with 4401', async () => {
      const mallory = await t.connect(freshUser('mallory'));
      const result = await request(mallory, 'message:history', { cid });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 4401);
      assert.equal(result.error.name, 'INVALID_MESSAGING_TARGET');
    });
  });
});

describe('message service when the server clock steps back', () => {
  it('keeps seq in send order with unique ids, stamping each message with the server’s time', async () => {
    const clock = new ManualClock(Date.now());
    const t = await startTestServer({ clock });
    try {
      const alice = await t.connect('stepping-alice');
      const bob = await t.connect('stepping-bob');
      const { id: cid } = await call(alice, 'conversation:create', { members: ['stepping-bob'] });
      const sent: MessageRecord[] = [];
      for (let i = 0; i < 6; i++) {
        if (i === 3) clock.advance(-5 * 60_000); // NTP steps the clock back five minutes
        sent.push(await call(i % 2 === 0 ? alice : bob, 'message:send', { cid, clientId: newClientId(), type: -1, text: `m${i}` }));
      }
      assert.deepEqual(sent.map((m) => m.seq), [1, 2, 3, 4, 5, 6]);
      assert.ok(sent[3]!.timestamp < sent[2]!.timestamp, 'times are the server clock’s, even going back');
      assert.equal(new Set(sent.map((m) => m.id)).size, 6);
      const history = await call(bob, 'message:history', { cid, limit: 10 });
      assert.deepEqual(history.messages.map((m) => m.text), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'], 'history goes by seq, not by time');
    } finally {
      await t.close();
    }
  });
});

describe('message service across a restart', () => {
  it('keeps every acknowledged message and continues seq', async () => {
    const first = await startTestServer();
    let second: TestServer | undefined;
    try {
      const alice = await first.connect('alice');
      const conversation = await call(alice, 'conversation:create', { members: ['bob'] });
      const sent: MessageRecord[] = [];
      for (let i = 0; i < 30; i++) {
        sent.push(await call(alice, 'message:send', { cid: conversation.id, clientId: newClientId(), type: -1, text: `r${i}` }));
      }
      await first.stop();

      second = await startTestServer({ dataDir: first.dataDir });
      const bob = await second.connect('bob');
      const history = await call(bob, 'message:history', { cid: conversation.id, limit: 100 });
      assert.deepEqual(history.messages, sent);
      const next = await call(bob, 'message:send', { cid: conversation.id, clientId: newClientId(), type: -1, text: 'after restart' });
      assert.equal(next.seq, 31);
      assert.equal((await call(bob, 'conversation:get', { cid: conversation.id })).unreadMessagesCount, 0);
      const aliceAgain = await second.connect('alice');
      const resend = await call(aliceAgain, 'message:send', {
        cid: conversation.id,
        clientId: sent[29]!.clientId,
        type: -1,
        text: 'r29',
      });
      assert.deepEqual(resend, sent[29], 'idempotency survives the restart');
    } finally {
      await second?.close();
      await first.close();
    }
  });
});

type MessageRow = { id: string; seq: number; sender: string; text: string };

interface RowReader {
  row(id: string): Promise<MessageRow | undefined>;
  close(): Promise<void>;
}

/** A read-only SQLite connection to the file, or a separate PostgreSQL connection. */
async function openReader(t: TestServer): Promise<RowReader> {
  const query = 'SELECT id, seq, sender, text FROM messages WHERE id = ';
  if (t.databaseUrl) {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    return {
      row: async (id) => (await client.query<MessageRow>(`${query}$1`, [id])).rows[0],
      close: () => client.end(),
    };
  }
  const sqlite = new SQLite(join(t.dataDir, 'parley.db'), { readonly: true });
  return {
    row: async (id) => sqlite.prepare(`${query}?`).get(id) as MessageRow | undefined,
    close: async () => {
      sqlite.close();
    },
  };
}

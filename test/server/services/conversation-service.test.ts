import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationRecord } from '../../../src/protocol/model.js';
import type { Clock } from '../../../src/server/index.js';
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

/**
 * Real time, but never the same millisecond twice, so "newest first" has one right answer; and
 * it can be frozen to make many conversations tie on activity (to exercise the cursor's tie-break).
 */
function steppingClock() {
  let last = 0;
  let frozenAt: number | undefined;
  const clock: Clock = {
    now: () => frozenAt ?? (last = Math.max(Date.now(), last + 1)),
  };
  return {
    clock,
    freeze() {
      frozenAt = clock.now();
    },
    unfreeze() {
      if (frozenAt !== undefined) last = frozenAt;
      frozenAt = undefined;
    },
  };
}

let userCounter = 0;
/** A user id no other test has used, so each test sees only its own conversations. */
function freshUser(name: string): string {
  userCounter++;
  return `${name}-${userCounter}`;
}

describe('conversation service (over the socket)', () => {
  let t: TestServer;
  const time = steppingClock();

  const countConversations = async () =>
    Number(
      (await t.server.db.selectFrom('conversations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    );
  const countMembers = async () =>
    Number((await t.server.db.selectFrom('members').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  async function send(socket: TestSocket, cid: string, text: string) {
    return call(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text });
  }

  /** Pages through the whole list of `socket`'s user. */
  async function listAll(socket: TestSocket, limit: number): Promise<{ pages: ConversationRecord[][] }> {
    const pages: ConversationRecord[][] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const page = await call(socket, 'conversation:list', cursor ? { limit, cursor } : { limit });
      pages.push(page.conversations);
      if (!page.next) return { pages };
      cursor = page.next;
    }
    throw new Error('the list never ended');
  }

  before(async () => {
    t = await startTestServer({ clock: time.clock });
  });
  after(() => t.close());

  describe('conversation:create', () => {
    it('answers the same create sent again with its key by the conversation it made, even sent twice at once', async () => {
      const [alice, bob] = [freshUser('alice'), freshUser('bob')];
      const a = await t.connect(alice);
      const key = newClientId();
      const before = await countConversations();
      const first = await call(a, 'conversation:create', { members: [bob, freshUser('carol')], name: 'keyed', clientId: key });
      const again = await call(a, 'conversation:create', { members: [bob], name: 'keyed, retried', clientId: key });
      assert.equal(again.id, first.id, 'the first answer');
      assert.equal(again.name, 'keyed');
      const [x, y] = await Promise.all([0, 1].map(() => call(a, 'conversation:create', { members: [bob, freshUser('dan')], clientId: `${key}-at-once` })));
      assert.equal(x!.id, y!.id, 'two at once make one');
      assert.equal(await countConversations(), before + 2);
      // A key is the creator's own: the same key from someone else makes their own conversation.
      const fromBob = await call(await t.connect(bob), 'conversation:create', { members: [alice, freshUser('erin')], clientId: key });
      assert.notEqual(fromBob.id, first.id);
      const another = await call(a, 'conversation:create', { members: [bob, freshUser('fay')], clientId: newClientId() });
      assert.notEqual(another.id, first.id);
    });

    it('returns the record with the creator as member and owner', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const carol = freshUser('carol');
      const socket = await t.connect(alice);

      const conversation = await call(socket, 'conversation:create', {
        members: [bob, carol],
        name: 'Team',
        attributes: { topic: 'launch' },
      });

      assert.match(conversation.id, /^[A-Za-z0-9_-]+$/);
      assert.deepEqual([...conversation.members].sort(), [alice, bob, carol].sort());
      assert.equal(conversation.creator, alice);
      assert.equal(conversation.name, 'Team');
      assert.deepEqual(conversation.attributes, { topic: 'launch' });
      assert.equal(conversation.kind, 'normal');
      assert.equal(conversation.unique, false);
      assert.deepEqual([conversation.lastSeq, conversation.lastReadSeq, conversation.unreadMessagesCount], [0, 0, 0]);
      assert.equal(conversation.lastMessage, undefined);

      const roles = await t.server.db
        .selectFrom('members')
        .select(['user_id', 'role'])
        .where('conversation_id', '=', conversation.id)
        .orderBy('user_id')
        .execute();
      assert.deepEqual(
        roles,
        [
          { user_id: alice, role: 'owner' },
          { user_id: bob, role: 'member' },
          { user_id: carol, role: 'member' },
        ].sort((a, b) => (a.user_id < b.user_id ? -1 : 1)),
      );
    });

    it('pushes conversation:created, as each member sees it, to the other members and to the creator’s other sockets only', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const carol = freshUser('carol');
      const [alice1, alice2, bobSocket, carolSocket] = await Promise.all([
        t.connect(alice),
        t.connect(alice),
        t.connect(bob),
        t.connect(carol),
      ]);
      const toAlice1 = record(alice1, 'conversation:created');
      const toCarol = record(carolSocket, 'conversation:created');
      const toBob = nextEvent(bobSocket, 'conversation:created');
      const toAlice2 = nextEvent(alice2, 'conversation:created');

      const conversation = await call(alice1, 'conversation:create', { members: [bob] });

      // Each sees it as they are in it: alice owns it, bob is a member.
      assert.equal(conversation.role, 'owner');
      assert.deepEqual(await toAlice2, conversation);
      const bobsView = await toBob;
      assert.equal(bobsView.role, 'member');
      assert.deepEqual(bobsView, await call(bobSocket, 'conversation:get', { cid: conversation.id }));

      // Marker: a conversation carol is in. Had she got the first one, it would have come first.
      const marker = await call(alice1, 'conversation:create', { members: [bob, carol] });
      await toCarol.until((c) => c.id === marker.id);
      assert.deepEqual(
        toCarol.events.map((c) => c.id),
        [marker.id],
      );
      // The socket that sent the command learns from its ack, not from a push (a push for the
      // first one would have been emitted right after its ack, before the marker was created).
      assert.deepEqual(toAlice1.events, []);
    });
  });

  describe('unique conversations', () => {
    it('makes a two-person conversation unique by default and returns it again without a second push', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const carol = freshUser('carol');
      const [aliceSocket, bobSocket] = await Promise.all([t.connect(alice), t.connect(bob)]);
      const toBob = record(bobSocket, 'conversation:created');
      const toAlice = record(aliceSocket, 'conversation:created');

      const first = await call(aliceSocket, 'conversation:create', { members: [bob] });
      assert.equal(first.unique, true);
      await toBob.until((c) => c.id === first.id);
      const before = await countConversations();

      const again = await call(aliceSocket, 'conversation:create', { members: [bob] });
      const fromBob = await call(bobSocket, 'conversation:create', { members: [alice] });
      const withSelf = await call(bobSocket, 'conversation:create', { members: [alice, bob, alice] });
      assert.equal(again.id, first.id);
      assert.equal(fromBob.id, first.id);
      assert.equal(withSelf.id, first.id);
      assert.equal(await countConversations(), before);

      // Markers: a new group reaches both; nothing about the repeats came before it.
      const marker = await call(aliceSocket, 'conversation:create', { members: [bob, carol] });
      const markerFromBob = await call(bobSocket, 'conversation:create', { members: [alice, carol] });
      await toBob.until((c) => c.id === marker.id);
      await toAlice.until((c) => c.id === markerFromBob.id);
      assert.deepEqual(
        toBob.events.map((c) => c.id),
        [first.id, marker.id],
      );
      assert.deepEqual(
        toAlice.events.map((c) => c.id),
        [markerFromBob.id],
      );
    });

    it('yields exactly one conversation for 20 concurrent creates of the same pair', async () => {
      const dave = freshUser('dave');
      const erin = freshUser('erin');
      const sockets = await Promise.all(Array.from({ length: 20 }, (_, i) => t.connect(i % 2 === 0 ? dave : erin)));
      const before = await countConversations();

      const results = await Promise.all(
        sockets.map((socket, i) => call(socket, 'conversation:create', { members: [i % 2 === 0 ? erin : dave] })),
      );

      const ids = new Set(results.map((c) => c.id));
      assert.equal(ids.size, 1, `got ${ids.size} conversations`);
      assert.equal(await countConversations(), before + 1);
      const members = await t.server.db
        .selectFrom('members')
        .select('user_id')
        .where('conversation_id', '=', results[0]!.id)
        .orderBy('user_id')
        .execute();
      assert.deepEqual(
        members.map((m) => m.user_id),
        [dave, erin].sort(),
      );
      for (const s of sockets) s.disconnect();
    });

    it('makes a new conversation each time with unique:false', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const socket = await t.connect(alice);
      const a = await call(socket, 'conversation:create', { members: [bob], unique: false });
      const b = await call(socket, 'conversation:create', { members: [bob], unique: false });
      const uniqueOne = await call(socket, 'conversation:create', { members: [bob] });
      assert.equal(a.unique, false);
      assert.equal(uniqueOne.unique, true);
      assert.equal(new Set([a.id, b.id, uniqueOne.id]).size, 3);
    });

    it('does not make a group of three unique by default, but does when asked', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const carol = freshUser('carol');
      const socket = await t.connect(alice);
      const a = await call(socket, 'conversation:create', { members: [bob, carol] });
      const b = await call(socket, 'conversation:create', { members: [bob, carol] });
      assert.equal(a.unique, false);
      assert.notEqual(a.id, b.id);

      const u1 = await call(socket, 'conversation:create', { members: [carol, bob], unique: true });
      const u2 = await call(socket, 'conversation:create', { members: [bob, carol], unique: true });
      assert.equal(u1.unique, true);
      assert.equal(u1.id, u2.id);
      assert.notEqual(u1.id, a.id);
    });
  });

  describe('member limit', () => {
    const others = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-m${i}`);

    it('refuses more than 500 members with CONVERSATION_FULL and stores nothing', async () => {
      const alice = freshUser('alice');
      const socket = await t.connect(alice);
      const [conversations, members] = [await countConversations(), await countMembers()];

      const result = await request(socket, 'conversation:create', { members: others(alice, 500) }); // 501 with alice
      assert.equal(result.ok, false);
      assert.ok(!result.ok);
      assert.equal(result.error.code, 4304);
      assert.equal(result.error.name, 'CONVERSATION_FULL');
      assert.equal(result.error.detail?.field, 'members');
      assert.equal(await countConversations(), conversations);
      assert.equal(await countMembers(), members);
    });

    it('accepts exactly 500 members including the creator', async () => {
      const alice = freshUser('alice');
      const socket = await t.connect(alice);
      const conversation = await call(socket, 'conversation:create', { members: others(alice, 499) });
      assert.equal(conversation.members.length, 500);
      assert.ok(conversation.members.includes(alice));
    });

    it('counts the creator and repeated ids once', async () => {
      const alice = freshUser('alice');
      const socket = await t.connect(alice);
      const list = others(alice, 499);
      const conversation = await call(socket, 'conversation:create', { members: [alice, ...list, ...list.slice(0, 100)] });
      assert.equal(conversation.members.length, 500);
    });
  });

  describe('conversation:list', () => {
    it('lists only the user’s conversations, newest activity first; a new message moves one to the top', async () => {
      const user = freshUser('lister');
      const stranger = freshUser('stranger');
      const socket = await t.connect(user);
      const strangerSocket = await t.connect(stranger);
      const elsewhere = await call(strangerSocket, 'conversation:create', { members: [freshUser('x')] });

      const c1 = await call(socket, 'conversation:create', { members: [freshUser('p')] });
      const c2 = await call(socket, 'conversation:create', { members: [freshUser('p')] });
      const c3 = await call(socket, 'conversation:create', { members: [freshUser('p')] });

      let page = await call(socket, 'conversation:list', {});
      assert.deepEqual(
        page.conversations.map((c) => c.id),
        [c3.id, c2.id, c1.id],
      );
      assert.equal(page.next, undefined);

      await send(socket, c1.id, 'bump');
      page = await call(socket, 'conversation:list', {});
      assert.deepEqual(
        page.conversations.map((c) => c.id),
        [c1.id, c3.id, c2.id],
      );
      assert.ok(!page.conversations.some((c) => c.id === elsewhere.id));
    });

    it('pages with limit and next, visiting every conversation exactly once', async () => {
      const user = freshUser('pager');
      const socket = await t.connect(user);
      const created: string[] = [];
      for (let i = 0; i < 25; i++) {
        created.push((await call(socket, 'conversation:create', { members: [freshUser('p')] })).id);
      }
      // Activity on a few, so the order is not just creation order.
      for (const i of [3, 17, 0]) await send(socket, created[i]!, `hello ${i}`);

      const { pages } = await listAll(socket, 7);
      assert.deepEqual(
        pages.map((p) => p.length),
        [7, 7, 7, 4],
      );
      const seen = pages.flat().map((c) => c.id);
      assert.equal(new Set(seen).size, seen.length, 'no conversation twice');
      assert.deepEqual([...seen].sort(), [...created].sort());
      assert.deepEqual(seen.slice(0, 3), [created[0], created[17], created[3]]);
      const activity = pages.flat().map((c) => c.lastMessageAt ?? c.createdAt);
      assert.deepEqual(activity, [...activity].sort((a, b) => b - a));
    });

    it('pages correctly when many conversations share the same activity time', async () => {
      const user = freshUser('tied');
      const socket = await t.connect(user);
      const created: string[] = [];
      time.freeze();
      try {
        for (let i = 0; i < 25; i++) {
          created.push((await call(socket, 'conversation:create', { members: [freshUser('p')] })).id);
        }
      } finally {
        time.unfreeze();
      }
      const { pages } = await listAll(socket, 7);
      assert.deepEqual(
        pages.map((p) => p.length),
        [7, 7, 7, 4],
      );
      const seen = pages.flat().map((c) => c.id);
      assert.equal(new Set(seen).size, 25);
      assert.deepEqual([...seen].sort(), [...created].sort());
    });

    it('answers a list pipelined right behind a create with the new conversation in it', async () => {
      const user = freshUser('pipeliner');
      const socket = await t.connect(user);
      const big = Array.from({ length: 300 }, (_, i) => `${user}-m${i}`);
      // Not awaited in between: the socket's commands must still run in the order they were sent.
      const pending = [0, 1, 2].map((i) => ({
        created: request(socket, 'conversation:create', { members: i === 0 ? big : [freshUser('p')], unique: false }),
        listed: request(socket, 'conversation:list', { limit: 1 }),
      }));
      for (const { created, listed } of pending) {
        const conversation = await created;
        const page = await listed;
        assert.ok(conversation.ok && page.ok);
        assert.deepEqual(
          page.data.conversations.map((c) => c.id),
          [conversation.data.id],
        );
      }
    });

    it('defaults to a page of 10', async () => {
      const user = freshUser('defaults');
      const socket = await t.connect(user);
      for (let i = 0; i < 11; i++) await call(socket, 'conversation:create', { members: [freshUser('p')] });
      const page = await call(socket, 'conversation:list', {});
      assert.equal(page.conversations.length, 10);
      assert.equal(typeof page.next, 'string');
      const rest = await call(socket, 'conversation:list', { cursor: page.next! });
      assert.equal(rest.conversations.length, 1);
      assert.equal(rest.next, undefined);
    });
  });

  describe('last message, unread counts and read marks', () => {
    it('gives the receiver lastMessage and unreadMessagesCount, and the sender none unread', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const [aliceSocket, bobSocket] = await Promise.all([t.connect(alice), t.connect(bob)]);
      const conversation = await call(aliceSocket, 'conversation:create', { members: [bob] });
      await send(aliceSocket, conversation.id, 'one');
      await send(aliceSocket, conversation.id, 'two');
      const third = await send(aliceSocket, conversation.id, 'three');

      const forBob = (await call(bobSocket, 'conversation:list', {})).conversations.find((c) => c.id === conversation.id);
      assert.ok(forBob);
      assert.deepEqual(forBob.lastMessage, third);
      assert.equal(forBob.lastMessageAt, third.timestamp);
      assert.deepEqual([forBob.lastSeq, forBob.lastReadSeq, forBob.unreadMessagesCount], [3, 0, 3]);
      const bobGet = await call(bobSocket, 'conversation:get', { cid: conversation.id });
      assert.deepEqual(bobGet, forBob);

      const forAlice = await call(aliceSocket, 'conversation:get', { cid: conversation.id });
      assert.deepEqual(forAlice.lastMessage, third);
      assert.deepEqual([forAlice.lastSeq, forAlice.lastReadSeq, forAlice.unreadMessagesCount], [3, 3, 0]);
    });

    it('conversation:read clears unread, tells the reader’s other socket, and never moves back', async () => {
      const alice = freshUser('alice');
      const bob = freshUser('bob');
      const [aliceSocket, bob1, bob2] = await Promise.all([t.connect(alice), t.connect(bob), t.connect(bob)]);
      const conversation = await call(aliceSocket, 'conversation:create', { members: [bob] });
      const cid = conversation.id;
      for (const text of ['1', '2', '3']) await send(aliceSocket, cid, text);

      const onOtherSocket = record(bob2, 'conversation:read-updated');
      const onSameSocket = record(bob1, 'conversation:read-updated');
      const state = await call(bob1, 'conversation:read', { cid });
      assert.deepEqual(state, { cid, lastReadSeq: 3, unreadMessagesCount: 0 });
      assert.deepEqual(await onOtherSocket.until((s) => s.lastReadSeq === 3), state);
      const listed = (await call(bob1, 'conversation:list', {})).conversations.find((c) => c.id === cid);
      assert.equal(listed?.unreadMessagesCount, 0);
      assert.equal(listed?.lastReadSeq, 3);

      // Backwards is ignored.
      assert.deepEqual(await call(bob1, 'conversation:read', { cid, seq: 1 }), { cid, lastReadSeq: 3, unreadMessagesCount: 0 });

      // Partial reads move forward; later ones lower than the mark do not.
      await send(aliceSocket, cid, '4');
      await send(aliceSocket, cid, '5');
      assert.equal((await call(bob1, 'conversation:get', { cid })).unreadMessagesCount, 2);
      assert.deepEqual(await call(bob1, 'conversation:read', { cid, seq: 4 }), { cid, lastReadSeq: 4, unreadMessagesCount: 1 });
      assert.deepEqual(await call(bob1, 'conversation:read', { cid, seq: 2 }), { cid, lastReadSeq: 4, unreadMessagesCount: 1 });
      // Beyond the newest message is clamped to it.
      assert.deepEqual(await call(bob1, 'conversation:read', { cid, seq: 999 }), { cid, lastReadSeq: 5, unreadMessagesCount: 0 });
      const stored = await t.server.db
        .selectFrom('members')
        .select('last_read_seq')
        .where('conversation_id', '=', cid)
        .where('user_id', '=', bob)
        .executeTakeFirstOrThrow();
      assert.equal(Number(stored.last_read_seq), 5);

      await onOtherSocket.until((s) => s.lastReadSeq === 5);
      assert.ok(
        onOtherSocket.events.every((s, i, all) => i === 0 || s.lastReadSeq >= all[i - 1]!.lastReadSeq),
        'the other socket never sees the mark go back',
      );
      // The reading socket has its answer in the ack; the pushes go to the others.
      assert.deepEqual(onSameSocket.events, []);

      // Alice's own mark is untouched by Bob's reads.
      assert.equal((await call(aliceSocket, 'conversation:get', { cid })).lastReadSeq, 5);
    });

    it('refuses to mark a conversation the user is not in', async () => {
      const alice = freshUser('alice');
      const socket = await t.connect(alice);
      const conversation = await call(socket, 'conversation:create', { members: [freshUser('bob')] });
      const outsider = await t.connect(freshUser('mallory'));
      const result = await request(outsider, 'conversation:read', { cid: conversation.id });
      assert.ok(!result.ok);
      assert.equal(result.error.code, 4401);
    });
  });

  describe('conversation:get', () => {
    it('answers a conversation the user is not in exactly like one that does not exist', async () => {
      const alice = freshUser('alice');
      const socket = await t.connect(alice);
      const conversation = await call(socket, 'conversation:create', { members: [freshUser('bob')] });
      const mallory = await t.connect(freshUser('mallory'));

      const notMine = await request(mallory, 'conversation:get', { cid: conversation.id });
      const missing = await request(mallory, 'conversation:get', { cid: 'no-such-conversation-id' });
      assert.ok(!notMine.ok);
      assert.ok(!missing.ok);
      assert.equal(notMine.error.code, 4401);
      assert.equal(notMine.error.name, 'INVALID_MESSAGING_TARGET');
      assert.deepEqual(notMine.error, missing.error);

      // The member still gets it.
      assert.equal((await call(socket, 'conversation:get', { cid: conversation.id })).id, conversation.id);
    });
  });
});

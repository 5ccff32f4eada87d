import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MessageType } from '../../../src/protocol/limits.js';
import type { ServerConfig } from '../../../src/server/index.js';
import { call, newClientId, nextEvent, rawRequest, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let users = 0;
const fresh = (name: string) => `${name}-r${++users}`;

/** A clock tests can move forward. */
function movableClock() {
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  return clock;
}

async function group(t: TestServer) {
  const [alice, bob, carol] = [fresh('alice'), fresh('bob'), fresh('carol')];
  const [a, b, c] = [await t.connect(alice), await t.connect(bob), await t.connect(carol)];
  // Alice creates the group, so she is its owner; bob and carol are members.
  const conversation = await call(a, 'conversation:create', { members: [bob, carol] });
  return { alice, bob, carol, a, b, c, cid: conversation.id };
}

const text = (socket: TestSocket, cid: string, body: string) => call(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text: body });

async function refusal(promise: Promise<{ ok: boolean; error?: { name: string; detail?: { field?: string } } }>) {
  const result = await promise;
  assert.ok(!result.ok, 'expected a refusal');
  return result.error!;
}

describe('recall and edit', () => {
  let t: TestServer;
  const clock = movableClock();
  before(async () => {
    t = await startTestServer({ clock, messages: { recallWindowMs: 60_000, editWindowMs: 60_000 } });
  });
  after(() => t.close());

  it('recall replaces the content for everyone and tells the other members', async () => {
    const { bob, a, b, c, cid } = await group(t);
    const message = await call(a, 'message:send', {
      cid,
      clientId: newClientId(),
      type: -1,
      text: 'oops, secret',
      attributes: { x: 1 },
      mentionList: [bob],
    });
    const toBob = nextEvent(b, 'message:recalled');
    const toCarol = nextEvent(c, 'message:recalled');
    const recalled = await call(a, 'message:recall', { cid, id: message.id });
    assert.equal(recalled.type, MessageType.RECALLED);
    assert.equal(recalled.text, undefined);
    assert.equal(recalled.attributes, undefined);
    assert.equal(recalled.mentionList, undefined);
    assert.equal(recalled.seq, message.seq, 'keeps its place');
    assert.ok(recalled.updatedAt! >= message.timestamp);
    assert.deepEqual(await toBob, recalled);
    assert.deepEqual(await toCarol, recalled);
    const [stored] = (await call(c, 'message:history', { cid })).messages;
    assert.deepEqual(stored, recalled);
    const row = await t.server.db.selectFrom('messages').selectAll().where('id', '=', message.id).executeTakeFirstOrThrow();
    assert.equal(row.text, null, 'gone from storage, not just hidden');
  });

  it('edit replaces the text, keeps type and seq, sets updatedAt and tells the others', async () => {
    const { a, b, cid } = await group(t);
    const message = await text(a, cid, 'teh typo');
    const toBob = nextEvent(b, 'message:updated');
    const edited = await call(a, 'message:update', { cid, id: message.id, text: 'the typo' });
    assert.equal(edited.text, 'the typo');
    assert.equal(edited.type, -1);
    assert.equal(edited.seq, message.seq);
    assert.ok(edited.updatedAt !== undefined);
    assert.deepEqual(await toBob, edited);
  });

  it('dates every change later than the one before, even when the server clock steps back', async () => {
    const { a, cid } = await group(t);
    const message = await text(a, cid, 'first');
    const first = await call(a, 'message:update', { cid, id: message.id, text: 'second' });
    clock.offset -= 5 * 60_000; // NTP steps the clock back five minutes
    try {
      const second = await call(a, 'message:update', { cid, id: message.id, text: 'third' });
      const recalled = await call(a, 'message:recall', { cid, id: message.id });
      assert.ok(first.updatedAt! > message.timestamp);
      assert.ok(second.updatedAt! > first.updatedAt!, 'caches keep the copy with the later updatedAt: it must be the latest change');
      assert.ok(recalled.updatedAt! > second.updatedAt!);
    } finally {
      clock.offset += 5 * 60_000;
    }
  });

  it('lets an owner moderate others’ messages, but not a plain member', async () => {
    const { a, b, c, cid } = await group(t);
    const bobs = await text(b, cid, 'spam');
    const carols = await text(c, cid, 'more spam');
    const byMember = await refusal(rawRequest(c, 'message:recall', { cid, id: bobs.id }) as never);
    assert.equal(byMember.name, 'MESSAGE_OWNERSHIP_REQUIRED');
    const editByMember = await refusal(rawRequest(b, 'message:update', { cid, id: carols.id, text: 'hijacked' }) as never);
    assert.equal(editByMember.name, 'MESSAGE_OWNERSHIP_REQUIRED');
    assert.equal((await call(a, 'message:recall', { cid, id: bobs.id })).type, MessageType.RECALLED);
    assert.equal((await call(a, 'message:update', { cid, id: carols.id, text: '[removed by owner]' })).text, '[removed by owner]');
  });

  it('gives nobody power over the other person’s messages in a private chat', async () => {
    const [alice, bob] = [fresh('alice'), fresh('bob')];
    const [a, b] = [await t.connect(alice), await t.connect(bob)];
    const { id: cid } = await call(a, 'conversation:create', { members: [bob] });
    const bobs = await text(b, cid, 'mine alone');
    assert.equal((await refusal(rawRequest(a, 'message:recall', { cid, id: bobs.id }) as never)).name, 'MESSAGE_OWNERSHIP_REQUIRED');
    assert.equal(
      (await refusal(rawRequest(a, 'message:update', { cid, id: bobs.id, text: 'not yours' }) as never)).name,
      'MESSAGE_OWNERSHIP_REQUIRED',
    );
    assert.equal((await call(b, 'message:recall', { cid, id: bobs.id })).type, MessageType.RECALLED);
  });

  it('refuses the sender after the window, while the owner may still act', async () => {
    const { a, b, cid } = await group(t);
    const bobs = await text(b, cid, 'old news');
    clock.offset += 61_000;
    try {
      const late = await refusal(rawRequest(b, 'message:recall', { cid, id: bobs.id }) as never);
      assert.equal(late.name, 'MESSAGE_WINDOW_PASSED');
      const lateEdit = await refusal(rawRequest(b, 'message:update', { cid, id: bobs.id, text: 'new news' }) as never);
      assert.equal(lateEdit.name, 'MESSAGE_WINDOW_PASSED');
      assert.equal((await call(b, 'message:history', { cid })).messages[0]!.text, 'old news', 'unchanged');
      assert.equal((await call(a, 'message:recall', { cid, id: bobs.id })).type, MessageType.RECALLED);
    } finally {
      clock.offset -= 61_000;
    }
  });

  it('answers 4404 for a missing message, 4401 for a conversation one is not in, and refuses a second recall or an edit of a recalled one', async () => {
    const { a, cid } = await group(t);
    const message = await text(a, cid, 'hello');
    assert.equal((await refusal(rawRequest(a, 'message:recall', { cid, id: 'no-such-message' }) as never)).name, 'MESSAGE_NOT_FOUND');
    const mallory = await t.connect(fresh('mallory'));
    const outsider = await refusal(rawRequest(mallory, 'message:recall', { cid, id: message.id }) as never);
    assert.equal(outsider.name, 'INVALID_MESSAGING_TARGET');
    // A message id from another conversation is not found here.
    const other = await group(t);
    const elsewhere = await refusal(rawRequest(a, 'message:recall', { cid: other.cid, id: message.id }) as never);
    assert.equal(elsewhere.name, 'INVALID_MESSAGING_TARGET');
    const foreign = await text(other.a, other.cid, 'theirs');
    assert.equal((await refusal(rawRequest(a, 'message:recall', { cid, id: foreign.id }) as never)).name, 'MESSAGE_NOT_FOUND');

    await call(a, 'message:recall', { cid, id: message.id });
    assert.equal((await refusal(rawRequest(a, 'message:recall', { cid, id: message.id }) as never)).name, 'MESSAGE_RECALLED');
    assert.equal((await refusal(rawRequest(a, 'message:update', { cid, id: message.id, text: 'x' }) as never)).name, 'MESSAGE_RECALLED');
  });

  it('checks an edit like a send: type rules, limits and mentions', async () => {
    const { a, cid } = await group(t);
    const message = await text(a, cid, 'hello');
    const empty = await refusal(rawRequest(a, 'message:update', { cid, id: message.id, text: '  ' }) as never);
    assert.deepEqual([empty.name, empty.detail?.field], ['INVALID_PAYLOAD', 'text']);
    const location = await refusal(rawRequest(a, 'message:update', { cid, id: message.id, location: { latitude: 1, longitude: 2 } }) as never);
    assert.deepEqual([location.name, location.detail?.field], ['INVALID_PAYLOAD', 'location']);
    const outsider = await refusal(rawRequest(a, 'message:update', { cid, id: message.id, mentionList: ['stranger'] }) as never);
    assert.deepEqual([outsider.name, outsider.detail?.field], ['INVALID_PAYLOAD', 'mentionList.0']);
    const surrogate = await refusal(rawRequest(a, 'message:update', { cid, id: message.id, text: '\uD800' }) as never);
    assert.deepEqual([surrogate.name, surrogate.detail?.field], ['INVALID_PAYLOAD', 'text']);
    assert.equal((await call(a, 'message:history', { cid })).messages[0]!.updatedAt, undefined, 'nothing changed');
  });

  it('lets caches that were away learn of changes through message:patches, in pages', async () => {
    const { a, c, cid } = await group(t);
    const since = `${clock.now() - 1}:`;
    const messages = [];
    for (let i = 0; i < 3; i++) messages.push(await text(a, cid, `m${i}`));
    await call(a, 'message:recall', { cid, id: messages[0]!.id });
    await call(a, 'message:update', { cid, id: messages[2]!.id, text: 'm2 edited' });
    const first = await call(c, 'message:patches', { after: since, limit: 1 });
    assert.equal(first.messages.length, 1);
    assert.ok(first.next);
    const second = await call(c, 'message:patches', { after: first.next!, limit: 10 });
    const changed = [...first.messages, ...second.messages].filter((m) => m.cid === cid);
    assert.deepEqual(changed.map((m) => [m.id, m.type, m.text]), [
      [messages[0]!.id, MessageType.RECALLED, undefined],
      [messages[2]!.id, -1, 'm2 edited'],
    ]);
    assert.equal(second.next, undefined);
    // Someone outside the conversation sees none of it.
    const mallory = await t.connect(fresh('mallory'));
    const theirs = await call(mallory, 'message:patches', { after: since });
    assert.equal(theirs.messages.filter((m) => m.cid === cid).length, 0);
  });

  it('in a chat room: senders in the room change their own messages, its creator moderates, whoever is in the room is told', async () => {
    const [host, guest, other] = [fresh('host'), fresh('guest'), fresh('other')];
    const [h, g, o] = [await t.connect(host), await t.connect(guest), await t.connect(other)];
    const { id: cid } = await call(h, 'conversation:create-chat-room', { name: 'Live' });
    for (const socket of [h, g, o]) await call(socket, 'conversation:join', { cid });

    const first = await text(g, cid, 'first tkae');
    const toHost = nextEvent(h, 'message:updated');
    const edited = await call(g, 'message:update', { cid, id: first.id, text: 'first take' });
    assert.equal((await toHost).text, 'first take');
    assert.equal(edited.text, 'first take');

    // Someone else in the room may not change it; the room's creator may.
    assert.equal((await refusal(rawRequest(o, 'message:recall', { cid, id: first.id }) as never)).name, 'MESSAGE_OWNERSHIP_REQUIRED');
    const toGuest = nextEvent(g, 'message:recalled');
    const toOther = nextEvent(o, 'message:recalled');
    const recalled = await call(h, 'message:recall', { cid, id: first.id });
    assert.equal(recalled.type, MessageType.RECALLED);
    assert.deepEqual(await toGuest, recalled);
    assert.deepEqual(await toOther, recalled);

    // Out of the room, nothing can be changed there.
    const second = await text(g, cid, 'second');
    await call(g, 'conversation:quit', { cid });
    assert.equal((await refusal(rawRequest(g, 'message:recall', { cid, id: second.id }) as never)).name, 'CONVERSATION_MEMBERSHIP_REQUIRED');
    assert.equal((await call(h, 'message:history', { cid })).messages.at(-1)!.text, 'second', 'unchanged');
  });
});

describe('recall and edit switched off', () => {
  let t: TestServer;
  const config: Partial<ServerConfig> = { messages: { allowRecall: false, allowEdit: false } };
  before(async () => {
    t = await startTestServer(config);
  });
  after(() => t.close());

  it('answers 4407 and 4406 and changes nothing', async () => {
    const { a, cid } = await group(t);
    const message = await text(a, cid, 'permanent');
    const recall = await refusal(rawRequest(a, 'message:recall', { cid, id: message.id }) as never);
    assert.equal(recall.name, 'MESSAGE_RECALL_DISABLED');
    const edit = await refusal(rawRequest(a, 'message:update', { cid, id: message.id, text: 'changed' }) as never);
    assert.equal(edit.name, 'MESSAGE_EDIT_DISABLED');
    assert.deepEqual((await call(a, 'message:history', { cid })).messages, [message]);
  });
});

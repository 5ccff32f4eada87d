import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { DEFAULT_SERVER_LIMITS } from '../../../src/server/index.js';
import { call, newClientId, nextEvent, record, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

let counter = 0;
const fresh = (name: string) => `${name}-${++counter}`;

function refusal(result: AckResult<unknown>): string {
  assert.ok(!result.ok, 'expected a refusal');
  return result.error.name;
}

describe('members of normal conversations', () => {
  let t: TestServer;
  before(async () => {
    // A small limit, to reach it cheaply; the default is 500.
    t = await startTestServer({ limits: { ...DEFAULT_SERVER_LIMITS, maxMembers: 5 } });
  });
  after(() => t.close());

  type User = { id: string; s: TestSocket };
  async function users<N extends string[]>(...names: N): Promise<{ [K in keyof N]: User }> {
    const list = await Promise.all(
      names.map(async (n) => {
        const id = fresh(n);
        return { id, s: await t.connect(id) };
      }),
    );
    return list as { [K in keyof N]: User };
  }
  const memberCount = async (cid: string) => (await t.server.db.selectFrom('members').select('user_id').where('conversation_id', '=', cid).execute()).length;

  it('adds members: the new one is invited with the conversation, the others hear membersjoined', async () => {
    const [owner, old, newcomer] = await users('ann', 'ben', 'cy');
    const group = await call(owner.s, 'conversation:create', { members: [old.id, fresh('dot')], name: 'team' });
    // Everyone already there hears of it (the adding connection has its answer instead).
    const joined = nextEvent(owner.s, 'conversation:members-joined');
    const invited = nextEvent(newcomer.s, 'conversation:invited');
    const result = await call(old.s, 'conversation:add', { cid: group.id, members: [newcomer.id] });
    assert.deepEqual(result, { cid: group.id, successful: [newcomer.id], failures: [] });
    const event = await joined;
    assert.deepEqual([event.cid, event.members, event.invitedBy], [group.id, [newcomer.id], old.id]);
    const invitation = await invited;
    assert.equal(invitation.invitedBy, old.id);
    assert.equal(invitation.conversation.id, group.id);
    assert.ok(invitation.conversation.members.includes(newcomer.id));
    assert.equal(invitation.conversation.role, 'member');
    assert.ok(invitation.conversation.updatedAt > group.updatedAt);
  });

  it('refuses to grow past the member limit, changing nothing; 10,000 ids get a typed error too', async () => {
    const [owner] = await users('eve');
    const group = await call(owner.s, 'conversation:create', { members: [fresh('a'), fresh('b'), fresh('c')] });
    assert.equal(refusal(await request(owner.s, 'conversation:add', { cid: group.id, members: [fresh('d'), fresh('e')] })), 'CONVERSATION_FULL');
    assert.equal(await memberCount(group.id), 4);
    assert.ok((await call(owner.s, 'conversation:add', { cid: group.id, members: [fresh('d')] })).successful.length === 1);
    const many = Array.from({ length: 10_000 }, (_, i) => `bulk-${i}`);
    assert.equal(refusal(await request(owner.s, 'conversation:add', { cid: group.id, members: many })), 'CONVERSATION_FULL');
    assert.equal(refusal(await request(owner.s, 'conversation:create', { members: many })), 'CONVERSATION_FULL');
    assert.equal(refusal(await request(owner.s, 'conversation:add', { cid: group.id, members: [...many, 'one-more'] })), 'PAYLOAD_TOO_LARGE');
    assert.equal(await memberCount(group.id), 5);
  });

  it('keeps a private chat to its two people: nobody is added or removed, a third means a new conversation', async () => {
    const [a, b] = await users('fay', 'gus');
    const chat = await call(a.s, 'conversation:create', { members: [b.id] });
    assert.equal(chat.unique, true);
    assert.equal(refusal(await request(a.s, 'conversation:add', { cid: chat.id, members: [fresh('h')] })), 'CONVERSATION_NOT_ALLOWED');
    assert.equal(refusal(await request(a.s, 'conversation:remove', { cid: chat.id, members: [b.id] })), 'CONVERSATION_NOT_ALLOWED');
    const three = await call(a.s, 'conversation:create', { members: [b.id, fresh('h')] });
    assert.notEqual(three.id, chat.id);
  });

  it('lets only the owner and managers remove, each only lower roles; the removed one is kicked', async () => {
    const [owner, manager, member, other] = await users('ian', 'jo', 'kai', 'lu');
    const { id: cid } = await call(owner.s, 'conversation:create', { members: [manager.id, member.id, other.id] });
    assert.equal(refusal(await request(member.s, 'conversation:remove', { cid, members: [other.id] })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    const promoted = nextEvent(member.s, 'conversation:member-info-updated');
    assert.deepEqual(await call(owner.s, 'conversation:update-role', { cid, member: manager.id, role: 'manager' }), {
      member: manager.id,
      role: 'manager',
      joinedAt: (await call(owner.s, 'conversation:members-info', { cid })).find((m) => m.member === manager.id)!.joinedAt,
    });
    assert.deepEqual(await promoted, { cid, member: manager.id, role: 'manager', updatedBy: owner.id });

    const kicked = nextEvent(member.s, 'conversation:kicked');
    const left = nextEvent(other.s, 'conversation:members-left');
    const result = await call(manager.s, 'conversation:remove', { cid, members: [member.id, owner.id, fresh('nobody')] });
    assert.deepEqual(result.successful, [member.id]);
    assert.deepEqual(result.failures.map((f) => [f.name, f.members.length]).sort(), [
      ['CONVERSATION_MEMBERSHIP_REQUIRED', 1],
      ['CONVERSATION_OPERATION_UNAUTHORIZED', 1],
    ]);
    assert.deepEqual(await kicked, { cid, kickedBy: manager.id });
    assert.deepEqual((await left).members, [member.id]);
    assert.equal(refusal(await request(member.s, 'conversation:get', { cid })), 'INVALID_MESSAGING_TARGET');
    assert.equal(refusal(await request(member.s, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'x' })), 'INVALID_MESSAGING_TARGET');
  });

  it('refuses promotion to owner (5130), demoting the owner (4324), and role changes by non-owners', async () => {
    const [owner, m] = await users('max', 'ned');
    const { id: cid } = await call(owner.s, 'conversation:create', { members: [m.id, fresh('o')] });
    assert.equal(refusal(await request(owner.s, 'conversation:update-role', { cid, member: m.id, role: 'owner' })), 'OWNER_PROMOTION_NOT_ALLOWED');
    assert.equal(refusal(await request(owner.s, 'conversation:update-role', { cid, member: owner.id, role: 'member' })), 'CONVERSATION_NEED_OWNER');
    assert.equal(refusal(await request(m.s, 'conversation:update-role', { cid, member: m.id, role: 'manager' })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    assert.equal(refusal(await request(owner.s, 'conversation:update-role', { cid, member: fresh('stranger'), role: 'manager' })), 'CONVERSATION_MEMBERSHIP_REQUIRED');
    assert.equal(refusal(await request(owner.s, 'conversation:update-role', { cid, member: m.id, role: 'admin' as 'manager' })), 'INVALID_PAYLOAD');
  });

  it('lets members quit; an owner who quits hands ownership to the longest-serving manager', async () => {
    const [owner, first, second] = await users('pam', 'quin', 'rob');
    const { id: cid } = await call(owner.s, 'conversation:create', { members: [first.id, second.id] });
    await call(owner.s, 'conversation:update-role', { cid, member: second.id, role: 'manager' });
    const roleChanges = record(first.s, 'conversation:member-info-updated');
    const left = nextEvent(first.s, 'conversation:members-left');
    await call(owner.s, 'conversation:quit', { cid });
    const leaving = await left;
    assert.deepEqual(leaving, { cid, members: [owner.id], kickedBy: owner.id, updatedAt: leaving.updatedAt });
    assert.deepEqual(await roleChanges.until((e) => e.role === 'owner'), { cid, member: second.id, role: 'owner', updatedBy: owner.id });
    const roles = await call(first.s, 'conversation:members-info', { cid });
    assert.deepEqual(roles.map((r) => [r.member, r.role]), [[first.id, 'member'], [second.id, 'owner']]);
    assert.equal(refusal(await request(owner.s, 'conversation:quit', { cid })), 'INVALID_MESSAGING_TARGET');
  });

  it('brings someone who left a private chat back when it is opened again', async () => {
    const [a, b] = await users('sam', 'tia');
    const chat = await call(a.s, 'conversation:create', { members: [b.id] });
    await call(b.s, 'conversation:quit', { cid: chat.id });
    const back = nextEvent(b.s, 'conversation:created');
    const again = await call(a.s, 'conversation:create', { members: [b.id] });
    assert.equal(again.id, chat.id);
    assert.deepEqual([...again.members].sort(), [a.id, b.id].sort());
    const theirView = await back;
    assert.equal(theirView.id, chat.id);
    assert.equal(theirView.role, 'member');
    assert.deepEqual(theirView, await call(b.s, 'conversation:get', { cid: chat.id }));
  });

  it('mutes for oneself: muted and mutedMembers, and the other devices hear of it', async () => {
    const [a, b] = await users('uma', 'val');
    const second = await t.connect(a.id);
    const { id: cid } = await call(a.s, 'conversation:create', { members: [b.id, fresh('w')] });
    const update = nextEvent(second, 'conversation:mute-updated');
    const muted = await call(a.s, 'conversation:mute', { cid });
    assert.equal(muted.muted, true);
    assert.deepEqual(muted.mutedMembers, [a.id]);
    assert.deepEqual(await update, { cid, muted: true });
    const seenByB = await call(b.s, 'conversation:get', { cid });
    assert.equal(seenByB.muted, false);
    assert.deepEqual(seenByB.mutedMembers, [a.id]);
    assert.equal((await call(a.s, 'conversation:unmute', { cid })).muted, false);
  });

  it('silences members (4563 on send, reading still works) and blocks them (removed, cannot be added back)', async () => {
    const [owner, loud, other] = await users('xia', 'yan', 'zoe');
    const { id: cid } = await call(owner.s, 'conversation:create', { members: [loud.id, other.id] });
    assert.equal(refusal(await request(other.s, 'conversation:mute-members', { cid, members: [loud.id] })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    const heard = record(other.s, 'conversation:restrictions-updated');
    const told = nextEvent(loud.s, 'conversation:restrictions-updated');
    await call(owner.s, 'conversation:mute-members', { cid, members: [loud.id] });
    assert.deepEqual(await told, { cid, members: [loud.id], restriction: 'silenced', active: true, by: owner.id });
    await heard.until((e) => e.restriction === 'silenced');
    assert.equal(refusal(await request(loud.s, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'LOUD' })), 'SILENCED');
    assert.ok((await call(loud.s, 'message:history', { cid })).messages.length === 0);
    assert.deepEqual((await call(other.s, 'conversation:muted-members', { cid })).members, [loud.id]);
    await call(owner.s, 'conversation:unmute-members', { cid, members: [loud.id] });
    assert.ok((await request(loud.s, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'sorry' })).ok);

    const kicked = nextEvent(loud.s, 'conversation:kicked');
    await call(owner.s, 'conversation:block-members', { cid, members: [loud.id] });
    assert.deepEqual(await kicked, { cid, kickedBy: owner.id, blocked: true });
    const readd = await call(other.s, 'conversation:add', { cid, members: [loud.id] });
    assert.deepEqual(readd.successful, []);
    assert.equal(readd.failures[0]!.name, 'BLOCKED_BY_CONV');
    assert.deepEqual((await call(owner.s, 'conversation:blocked-members', { cid })).members, [loud.id]);
    await call(owner.s, 'conversation:unblock-members', { cid, members: [loud.id] });
    assert.deepEqual((await call(other.s, 'conversation:add', { cid, members: [loud.id] })).successful, [loud.id]);
  });

  it('answers a conversation the user is not in exactly like a missing one, for every command', async () => {
    const [a, outsider] = await users('abe', 'bea');
    const { id: cid } = await call(a.s, 'conversation:create', { members: [fresh('c'), fresh('d')] });
    const probes: [string, object][] = [
      ['conversation:get', { cid }],
      ['conversation:add', { cid, members: [outsider.id] }],
      ['conversation:remove', { cid, members: [a.id] }],
      ['conversation:join', { cid }],
      ['conversation:quit', { cid }],
      ['conversation:update', { cid, set: { name: 'mine' } }],
      ['conversation:mute', { cid }],
      ['conversation:count', { cid }],
      ['conversation:members-info', { cid }],
      ['conversation:mute-members', { cid, members: [a.id] }],
      ['conversation:muted-members', { cid }],
      ['conversation:update-role', { cid, member: a.id, role: 'member' }],
    ];
    for (const [command, payload] of probes) {
      const onReal = await request(outsider.s, command as 'conversation:get', payload as { cid: string });
      const onMissing = await request(outsider.s, command as 'conversation:get', { ...payload, cid: 'missing-id' } as { cid: string });
      assert.deepEqual(onReal, onMissing, command);
      assert.equal(refusal(onReal), 'INVALID_MESSAGING_TARGET', command);
    }
  });
});

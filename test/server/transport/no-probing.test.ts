import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { COMMANDS } from '../../../src/server/transport/commands/index.js';
import { call, newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';

/** Commands that name no existing conversation (they make one, list the user's own, or are about users). */
const NAME_NO_CONVERSATION = new Set([
  'conversation:create',
  'conversation:create-chat-room',
  'conversation:create-temporary',
  'conversation:list',
  'conversation:query',
  'message:patches',
  'push:get-key',
  'push:subscribe',
  'push:unsubscribe',
  'user:online',
  'user:profiles',
  'user:search',
  'session:renew',
  'support:start',
  'support:mine',
  'support:offline-message',
  'support:set-availability',
  'support:agents',
  'support:queue',
  'support:list',
]);

/** A payload for every command that names a conversation, aimed at `cid` (and its message `id`). */
function probes(cid: string, id: string, someone: string): Record<string, object> {
  return {
    'conversation:get': { cid },
    'conversation:read': { cid },
    'conversation:update': { cid, set: { name: 'mine now' } },
    'conversation:add': { cid, members: [someone] },
    'conversation:remove': { cid, members: [someone] },
    'conversation:join': { cid },
    'conversation:quit': { cid },
    'conversation:rejoin': { cid },
    'conversation:count': { cid },
    'conversation:members-info': { cid },
    'conversation:update-role': { cid, member: someone, role: 'manager' },
    'conversation:mute': { cid },
    'conversation:unmute': { cid },
    'conversation:mute-members': { cid, members: [someone] },
    'conversation:unmute-members': { cid, members: [someone] },
    'conversation:block-members': { cid, members: [someone] },
    'conversation:unblock-members': { cid, members: [someone] },
    'conversation:muted-members': { cid },
    'conversation:blocked-members': { cid },
    'message:send': { cid, clientId: newClientId(), type: -1, text: 'let me in' },
    'message:history': { cid },
    'message:recall': { cid, id },
    'message:update': { cid, id, text: 'rewritten' },
    'message:ack': { cid, seq: 1 },
    'message:receipts': { cid },
    'support:get': { cid },
    'support:close': { cid },
    'support:reopen': { cid },
    'support:rate': { cid, score: 1 },
    'support:take': { cid },
    'support:transfer': { cid, to: someone },
    'support:note': { cid, text: 'a note' },
    'support:notes': { cid },
  };
}

/**
 * Ids cannot be probed: for every command that names a conversation, one the caller may not touch
 * answers exactly like one that does not exist, and nothing changes.
 */
describe('conversations the caller is not in, through every command', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());
  const connect = (id: string, role?: 'visitor') => t.connect(role ? { id, name: id, role } : id);
  const counts = async () => {
    const count = async (table: 'conversations' | 'members' | 'messages' | 'member_restrictions') =>
      Number((await t.server.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { conversations: await count('conversations'), members: await count('members'), messages: await count('messages'), restrictions: await count('member_restrictions') };
  };

  it('covers every command that names a conversation', () => {
    const named = Object.keys(probes('c', 'm', 'u'));
    const all = Object.keys(COMMANDS);
    assert.deepEqual(all.filter((command) => !NAME_NO_CONVERSATION.has(command) && !named.includes(command)), [], 'commands with no probe');
    assert.deepEqual(named.filter((command) => !all.includes(command)), [], 'probes of no command');
  });

  for (const role of [undefined, 'visitor'] as const) {
    it(`answers ${role ?? 'a user'} alike for a real conversation and a missing one, changing nothing`, async () => {
      const owner = await connect(`probe-owner-${role ?? 'user'}`);
      const member = `probe-member-${role ?? 'user'}`;
      const { id: cid } = await call(owner, 'conversation:create', { members: [member], name: 'private' });
      const { id } = await call(owner, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'secret' });
      const outsider = await connect(`probe-outsider-${role ?? 'user'}`, role);
      const before = await counts();

      for (const [command, payload] of Object.entries(probes(cid, id, member))) {
        const onReal = await request(outsider, command as never, payload as never);
        const onMissing = await request(outsider, command as never, { ...payload, cid: 'no-such-conversation' } as never);
        assert.deepEqual(onReal, onMissing, command);
        assert.equal(onReal.ok, false, `${command} was answered`);
        assert.notEqual((onReal as AckResult<unknown> & { ok: false }).error.name, 'INVALID_PAYLOAD', `${command}: the probe's payload is wrong`);
      }
      assert.deepEqual(await counts(), before);
    });
  }
});

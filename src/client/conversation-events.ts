import type { ConversationApi } from './conversation-api.js';
import type { CacheDb } from './cache-db.js';
import type { Transport } from './transport.js';

/**
 * Conversation pushes: each lands in the cache (so live queries re-render) and is raised on the
 * client under the hosted SDK's event names (`conversationinfoupdated`, `membersjoined`,
 * `membersleft`, `invited`, `kicked`, `memberinfoupdated`, `membersmuted`/`muted`,
 * `membersblocked`/`blocked` and their opposites, `conversationdeleted`).
 */
export function listenToConversationPushes(transport: Transport, api: ConversationApi, db: CacheDb, user: string, events: EventTarget): void {
  const raise = (name: string, detail: unknown) => events.dispatchEvent(new CustomEvent(name, { detail }));
  const report = (work: Promise<unknown>) => work.catch((error: unknown) => raise('error', error));
  const modify = (cid: string, change: (c: { members: string[]; updatedAt: number } & Record<string, unknown>) => void) =>
    db.conversations.where('id').equals(cid).modify((c) => change(c as never));

  transport.on('conversation:updated', (event) => {
    report(
      modify(event.cid, (c) => {
        c.name = event.name;
        c.attributes = event.attributes;
        c.updatedAt = Math.max(c.updatedAt, event.updatedAt);
      }).then(() => raise('conversationinfoupdated', { cid: event.cid, attributes: event.changes.set, unset: event.changes.unset, updatedBy: event.updatedBy })),
    );
  });
  transport.on('conversation:members-joined', (event) => {
    report(
      modify(event.cid, (c) => {
        c.members = [...new Set([...c.members, ...event.members])];
        c.updatedAt = Math.max(c.updatedAt, event.updatedAt);
      }).then(() => raise('membersjoined', event)),
    );
  });
  transport.on('conversation:members-left', (event) => {
    report(
      modify(event.cid, (c) => {
        c.members = c.members.filter((m) => !event.members.includes(m));
        c.updatedAt = Math.max(c.updatedAt, event.updatedAt);
      }).then(() => raise('membersleft', event)),
    );
  });
  transport.on('conversation:invited', (event) => {
    report(api.store(event.conversation).then(() => raise('invited', { cid: event.conversation.id, invitedBy: event.invitedBy })));
  });
  transport.on('conversation:kicked', (event) => {
    report(api.forget(event.cid).then(() => raise('kicked', event)));
  });
  transport.on('conversation:member-info-updated', (event) => {
    const mine = event.member === user ? modify(event.cid, (c) => void (c.role = event.role)) : Promise.resolve(0);
    report(mine.then(() => raise('memberinfoupdated', event)));
  });
  transport.on('conversation:restrictions-updated', (event) => {
    const others = event.members.filter((m) => m !== user);
    const kind = event.restriction === 'silenced' ? 'muted' : 'blocked';
    const verb = event.active ? kind : `un${kind}`;
    if (event.members.includes(user)) raise(verb, { cid: event.cid, by: event.by });
    if (others.length > 0) raise(`members${verb}`, { cid: event.cid, members: others, by: event.by });
  });
  transport.on('conversation:mute-updated', (event) => {
    report(
      modify(event.cid, (c) => {
        c.muted = event.muted;
        const muted = (c.mutedMembers as string[] | undefined) ?? [];
        c.mutedMembers = event.muted ? [...new Set([...muted, user])] : muted.filter((m) => m !== user);
      }),
    );
  });
  transport.on('conversation:deleted', (event) => {
    report(api.forget(event.cid).then(() => raise('conversationdeleted', event)));
  });
}

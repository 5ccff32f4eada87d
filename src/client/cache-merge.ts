import { MessageType } from '../protocol/limits.js';
import type { ConversationRecord, MessageRecord } from '../protocol/model.js';
import { activityOf, type CacheDb, type CachedConversation } from './cache-db.js';

// Copies from the server reach the cache out of order: these decide which one it keeps.

/**
 * Whether `incoming` may replace `held`, the cached copy of the same message. Copies arrive out
 * of order (a history page read just before an edit, a push relayed late by another node, an
 * ack racing a push), so an older version never overwrites a newer one (`updatedAt` grows with
 * every change), and a recall is final.
 */
export function supersedes(incoming: MessageRecord, held: MessageRecord | undefined): boolean {
  if (!held) return true;
  if (held.type === MessageType.RECALLED) return incoming.type === MessageType.RECALLED;
  return (incoming.updatedAt ?? 0) >= (held.updatedAt ?? 0);
}

/** Stores messages, none over a newer version of itself; `heldOnly`: only those already cached. */
export async function putMessages(db: CacheDb, messages: readonly MessageRecord[], heldOnly = false): Promise<void> {
  if (messages.length === 0) return;
  await db.transaction('rw', db.messages, async () => {
    const held = await db.messages.bulkGet(messages.map((m) => m.id));
    await db.messages.bulkPut(messages.filter((m, i) => (!heldOnly || held[i] !== undefined) && supersedes(m, held[i])));
  });
}

/**
 * A conversation record from the server over the cached one. The server read it a moment ago;
 * pushes that arrived since (a newer message, a read on another device) are not given up.
 * `compact`: the record has no member list; the cached one stays.
 */
export function mergeConversation(incoming: ConversationRecord, held: CachedConversation | undefined, compact = false): CachedConversation {
  const merged: ConversationRecord = { ...incoming };
  if (held) {
    if (compact) merged.members = held.members;
    if (held.lastSeq > incoming.lastSeq || (held.lastSeq === incoming.lastSeq && !incoming.lastMessage)) {
      Object.assign(merged, { lastSeq: held.lastSeq, lastMessage: held.lastMessage, lastMessageAt: held.lastMessageAt });
      if (held.unreadMessagesMentioned) merged.unreadMessagesMentioned = true;
    } else if (held.lastSeq === incoming.lastSeq && held.lastMessage && !supersedes(incoming.lastMessage!, held.lastMessage)) {
      merged.lastMessage = held.lastMessage;
    }
    merged.lastReadSeq = Math.max(merged.lastReadSeq, held.lastReadSeq);
    merged.unreadMessagesCount = Math.max(0, merged.lastSeq - merged.lastReadSeq);
    if (merged.unreadMessagesCount === 0) delete merged.unreadMessagesMentioned;
  }
  return { ...merged, activity: activityOf(merged) };
}

import { MessageType } from '../protocol/limits.js';
import type { MessageRecord } from '../protocol/model.js';
import type { CacheDb } from './cache-db.js';

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

import Dexie from 'dexie';
import type { CacheDb } from './cache-db.js';
import { type ChatMessage, fromOutbox, fromRecord } from './chat-message.js';

/** Which cached messages a view shows: the `count` up to `end` (a `seq`), or the newest `count`. */
export interface MessageWindowSpec {
  end: number | 'newest';
  count: number;
}

/** A run of a conversation's cached messages, and where it sits in what the cache holds. */
export interface MessageWindow {
  /** Oldest first; when the run reaches the newest message, the user's pending ones follow. */
  messages: ChatMessage[];
  /** The message just before the run, when cached: day headings and grouping continue from it. */
  before: ChatMessage | undefined;
  /** The cached range (`low <= seq <= high`); `high < low` when nothing is cached. */
  low: number;
  high: number;
  /** Whether `low` is the conversation's first message. */
  complete: boolean;
}

/**
 * Reads one window by `[cid+seq]`: the cached range is contiguous, so a window is a key range
 * and its cost does not depend on how many messages the conversation holds. The newest page,
 * what a conversation opens on, is read together with the range's bounds: one round trip to the
 * cache instead of two.
 */
export async function readMessageWindow(db: CacheDb, me: string, cid: string, spec: MessageWindowSpec): Promise<MessageWindow> {
  const [cursor, pending, newest] = await Promise.all([
    db.cursors.get(cid),
    db.outbox.where('cid').equals(cid).sortBy('order'),
    spec.end === 'newest'
      ? db.messages.where('[cid+seq]').between([cid, Dexie.minKey], [cid, Dexie.maxKey]).reverse().limit(spec.count + 1).toArray()
      : undefined,
  ]);
  const low = cursor?.low ?? 1;
  const high = cursor?.high ?? 0;
  let records: ChatMessage[] = [];
  let before: ChatMessage | undefined;
  const end = spec.end === 'newest' ? high : Math.min(spec.end, high);
  if (high >= low) {
    const from = Math.max(low, end - spec.count + 1);
    const first = Math.max(low, from - 1);
    let read = newest?.reverse().filter((m) => m.seq >= first && m.seq <= end);
    // Messages past the cached range (not yet joined to it) crowd the newest page out: read the range.
    if (read?.length !== end - first + 1) {
      read = await db.messages.where('[cid+seq]').between([cid, first], [cid, end], true, true).toArray();
    }
    if (read[0] && read[0].seq < from) before = fromRecord(read.shift()!);
    records = read.map(fromRecord);
  }
  const atNewest = end >= high;
  const seen = new Set(records.map((m) => m.key));
  const outgoing = atNewest ? pending.map((e) => fromOutbox(e, me)).filter((m) => !seen.has(m.key)) : [];
  return { messages: [...records, ...outgoing], before, low, high, complete: cursor?.complete ?? false };
}

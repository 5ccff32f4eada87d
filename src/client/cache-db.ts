import Dexie, { type EntityTable } from 'dexie';
import type { ConversationRecord, MessageRecord, PublicProfile } from '../protocol/model.js';
import type { OutgoingMessage } from './message-types.js';

/** A message the user sent that the server has not committed yet: any type, with its send options. */
/** A file kept with its message until it is uploaded, so a reload or a lost connection loses neither. */
export interface PendingUpload {
  blob: Blob;
  name: string;
  /** The message type follows the type the server finds in the file. */
  typeFromFile: boolean;
}

export interface OutboxEntry extends OutgoingMessage {
  clientId: string;
  /** Still to be uploaded before the message can be sent. */
  upload?: PendingUpload;
  cid: string;
  /** Local time of the send, for ordering and display until the server's time is known. */
  createdAt: number;
  /** Order of sends in this browser: the outbox is flushed in this order. */
  order: number;
  status: 'sending' | 'failed';
  attempts: number;
  /** Why it failed, when `status` is `failed`. */
  error?: { code: number; name: string; message: string };
}

/**
 * The contiguous range of a conversation's messages held in the cache. Everything with
 * `low <= seq <= high` is present; nothing outside it is kept, so a gap is always visible.
 */
export interface SyncCursor {
  cid: string;
  low: number;
  high: number;
  /** True when `low` is the conversation's first message. */
  complete: boolean;
}

export interface MetaEntry {
  key: string;
  value: string;
}

/** The cached conversation, with the activity time the list sorts by. */
export type CachedConversation = ConversationRecord & { activity: number };

/**
 * One IndexedDB database per server and user, so two accounts in one browser never mix.
 * Schema changes add a new `version()` here; Dexie upgrades in place.
 */
export class CacheDb extends Dexie {
  conversations!: EntityTable<CachedConversation, 'id'>;
  messages!: EntityTable<MessageRecord, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'clientId'>;
  cursors!: EntityTable<SyncCursor, 'cid'>;
  /** Small named values: sync positions that are not per conversation. */
  meta!: EntityTable<MetaEntry, 'key'>;
  /** People's names and pictures (user-directory.ts). */
  users!: EntityTable<PublicProfile, 'id'>;

  /** `storage` replaces the browser's IndexedDB (the in-memory fallback). */
  constructor(name: string, storage?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }) {
    super(name, { chromeTransactionDurability: 'strict', ...storage });
    this.version(1).stores({
      // Ties in activity are broken by id, as the server's list does.
      conversations: 'id, [activity+id]',
      messages: 'id, [cid+seq], clientId',
      outbox: 'clientId, order, cid',
      cursors: 'cid',
    });
    this.version(3).stores({ meta: 'key' });
    this.version(4).stores({ users: 'id' });
  }
}

export function cacheDbName(server: string, userId: string): string {
  return `parley:${new URL(server).origin}:${userId}`;
}

export function activityOf(conversation: ConversationRecord): number {
  return conversation.lastMessageAt ?? conversation.createdAt;
}

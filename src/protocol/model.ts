/** The shapes the server sends: what a client stores and renders. */

export type ConversationKind = 'normal' | 'transient' | 'system' | 'temporary';

export interface MessageRecord {
  /** Server id, unique across conversations. */
  id: string;
  /** Conversation id. */
  cid: string;
  /** Position in the conversation, 1, 2, 3… without gaps. */
  seq: number;
  /** The authenticated sender. */
  from: string;
  /** The sender's idempotency key. */
  clientId: string;
  type: number;
  text?: string;
  attributes?: Record<string, unknown>;
  /** Server commit time, ms since epoch. */
  timestamp: number;
  updatedAt?: number;
}

export interface ConversationRecord {
  id: string;
  kind: ConversationKind;
  name: string;
  members: string[];
  creator: string;
  transient: boolean;
  system: boolean;
  unique: boolean;
  attributes: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  lastMessageAt?: number;
  lastMessage?: MessageRecord;
  /** Highest committed `seq`; 0 before the first message. */
  lastSeq: number;
  /** Highest `seq` the current user has read. */
  lastReadSeq: number;
  unreadMessagesCount: number;
}

export interface UserProfile {
  id: string;
  name: string;
  avatar?: string;
}

export interface HistoryPage {
  messages: MessageRecord[];
  /** More messages exist beyond this page in the direction asked. */
  hasMore: boolean;
}

export interface ConversationPage {
  conversations: ConversationRecord[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  next?: string;
}

export interface ReadState {
  cid: string;
  lastReadSeq: number;
  unreadMessagesCount: number;
}

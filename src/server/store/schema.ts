import type { Insertable, Selectable } from 'kysely';

/** Table shapes as Kysely sees them. JSON columns hold text; times are ms since epoch. */
export interface Database {
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
}

export interface ConversationsTable {
  id: string;
  kind: string;
  name: string;
  creator: string;
  /** Sorted member ids joined by a newline, for `unique` conversations only. */
  unique_key: string | null;
  attributes: string;
  created_at: number;
  updated_at: number;
  last_message_at: number | null;
  last_message_id: string | null;
  last_seq: number;
}

export interface MembersTable {
  conversation_id: string;
  user_id: string;
  role: string;
  joined_at: number;
  last_read_seq: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  seq: number;
  sender: string;
  client_id: string;
  type: number;
  text: string | null;
  attributes: string | null;
  created_at: number;
  updated_at: number | null;
}

export type ConversationRow = Selectable<ConversationsTable>;
export type NewConversationRow = Insertable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type MemberRow = Selectable<MembersTable>;

import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { SupportTables } from './support-schema.js';

/** Table shapes as Kysely sees them. JSON columns hold text; times are ms since epoch. */
export interface Database extends SupportTables {
  conversations: ConversationsTable;
  members: MembersTable;
  messages: MessagesTable;
  uploads: UploadsTable;
  will_messages: WillMessagesTable;
  push_subscriptions: PushSubscriptionsTable;
  member_restrictions: MemberRestrictionsTable;
  chat_room_presence: ChatRoomPresenceTable;
  chat_room_drops: ChatRoomDropsTable;
  cluster_nodes: ClusterNodesTable;
  cluster_jobs: ClusterJobsTable;
  users: UsersTable;
}

export interface ConversationsTable {
  id: string;
  kind: string;
  name: string;
  creator: string;
  /** Sorted member ids joined by a newline, for `unique` conversations only. */
  unique_key: string | null;
  /** The creator's key for the create that made it, when one was given. */
  client_id: NullByDefault<string>;
  attributes: string;
  created_at: number;
  updated_at: number;
  last_message_at: number | null;
  last_message_id: string | null;
  last_seq: number;
  /** Temporary conversations: when they stop existing. */
  expires_at: NullByDefault<number>;
  /** A service's thread for one subscriber: the service conversation's id. */
  service_id: NullByDefault<string>;
}

export interface MembersTable {
  conversation_id: string;
  user_id: string;
  role: string;
  joined_at: number;
  last_read_seq: number;
  /** Highest seq this member's devices acknowledged receiving. */
  last_delivered_seq: Generated<number>;
  /** Highest seq that @-mentions this member. */
  last_mention_seq: Generated<number>;
  /** 1 when the member turned push notifications off for this conversation. */
  muted: Generated<number>;
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
  /** JSON: { file } | { location } | { fields }, by type. */
  content: string | null;
  /** JSON array of user ids. */
  mention_list: string | null;
  mention_all: Generated<number>;
  /** 1 when the sender asked for a delivery receipt. */
  receipt: Generated<number>;
  delivered_at: number | null;
}

export interface UploadsTable {
  id: string;
  owner: string;
  name: string;
  size: number;
  /** Sniffed from the content. */
  mime: string;
  width: number | null;
  height: number | null;
  created_at: number;
  /** When a message first used it; null for an orphan. */
  attached_at: number | null;
}

export interface WillMessagesTable {
  sender: string;
  conversation_id: string;
  /** The validated send payload, JSON. */
  payload: string;
  created_at: number;
}

export interface PushSubscriptionsTable {
  endpoint: string;
  user_id: string;
  p256dh: string;
  auth: string;
  created_at: number;
}

/** A nullable column an insert may leave out. */
type NullByDefault<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** `silenced` members may not send; `blocked` ones may not be added or join. */
export interface MemberRestrictionsTable {
  conversation_id: string;
  restriction: string;
  user_id: string;
  created_by: string;
  created_at: number;
}

/** One row per connection that is in a chat room now. */
export interface ChatRoomPresenceTable {
  socket_id: string;
  conversation_id: string;
  user_id: string;
  joined_at: number;
  /** The node holding the connection; its rows go when the node stops or dies. */
  node_id: string;
}

/** When a user's connection dropped out of a chat room (for the rejoin window). */
export interface ChatRoomDropsTable {
  user_id: string;
  conversation_id: string;
  dropped_at: number;
}

/** Each node's last sign of life (ms since epoch, the node's own clock). */
export interface ClusterNodesTable {
  node_id: string;
  heartbeat_at: number;
}

/** When a periodic job last ran on any node. */
export interface ClusterJobsTable {
  name: string;
  last_run_at: number;
}

/** Each user's name and picture from their last token. */
export interface UsersTable {
  id: string;
  name: string;
  /** An http(s) URL, or '' for none. */
  avatar: string;
  /** When the name or picture last changed. */
  updated_at: number;
}

export type ConversationRow = Selectable<ConversationsTable>;
export type NewConversationRow = Insertable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type MemberRow = Selectable<MembersTable>;
export type UploadRow = Selectable<UploadsTable>;

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
  /** Last edit or recall, server time; absent if never changed. */
  updatedAt?: number;
  /** Image, audio, video and file messages: an upload stored by this server. */
  file?: FileInfo;
  /** Location messages. */
  location?: LocationInfo;
  /** A custom type's own fields (positive type numbers). */
  fields?: Record<string, unknown>;
  /** Members this message @-mentions. */
  mentionList?: string[];
  /** The message @-mentions everyone in the conversation. */
  mentionAll?: boolean;
  /** For the user receiving this record: the message mentions them. */
  mentioned?: boolean;
  /** The sender asked to learn when it is delivered (1:1 conversations only). */
  receipt?: boolean;
  /** When the other member's device received it; only for `receipt` messages. */
  deliveredAt?: number;
  /** Relayed to online members only, never stored (typing indicators); `seq` is 0. */
  transient?: boolean;
  /** A will held by the server until the sender disconnects abnormally; `seq` is 0 until then. */
  will?: boolean;
}

/** Chat rooms only: under load, low priority is dropped first and high never. */
export type MessagePriority = 'high' | 'normal' | 'low';

/** A file uploaded to this server. `url` is relative to the server (`/files/<id>`). */
export interface FileInfo {
  url: string;
  name: string;
  /** Bytes, as stored. */
  size: number;
  /** As sniffed from the content by the server, never as declared by the uploader. */
  mime: string;
  width?: number;
  height?: number;
  /** Seconds (audio and video). */
  duration?: number;
}

/** What the upload endpoint answers: the stored file, and the id a message refers to it by. */
export interface UploadRecord extends FileInfo {
  id: string;
}

export interface LocationInfo {
  latitude: number;
  longitude: number;
  label?: string;
}

/** 1:1 delivery and read marks of the other member, as their devices reported them. */
export interface ReceiptState {
  cid: string;
  /** The user whose marks these are. */
  user: string;
  lastDeliveredSeq: number;
  lastDeliveredAt?: number;
  lastReadSeq: number;
  lastReadAt?: number;
}

/** Messages changed (recalled or edited) since a point in time, oldest change first. */
export interface PatchPage {
  messages: MessageRecord[];
  /** Pass as `after` to continue; absent when up to date. */
  next?: string;
}

/** What a Web Push notification carries (JSON), read by the service worker. */
export interface PushPayload {
  title: string;
  body: string;
  cid: string;
  messageId: string;
  /** The sender's `pushData`, when given. */
  data?: Record<string, unknown>;
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
  /** An unread message @-mentions the current user. */
  unreadMessagesMentioned?: boolean;
  /** Members who muted it (no push for them); empty for chat rooms and service conversations. */
  mutedMembers: string[];
  /** The current user muted it. */
  muted: boolean;
  /** The current user's role; absent when not a member (chat rooms, unsubscribed services). */
  role?: MemberRole;
  /** 1:1 only: when the other member last received / read a message (its commit time). */
  lastDeliveredAt?: number;
  lastReadAt?: number;
  /** Temporary conversations: when it stops existing. */
  expiresAt?: number;
  /** Service conversations: the current user is subscribed. */
  subscribed?: boolean;
  /** A service's thread for one subscriber (messages sent to that user only): the service's id. */
  serviceId?: string;
}

/** Owner (the creator), managers and members; subscribers of a service conversation. */
export type MemberRole = 'owner' | 'manager' | 'member' | 'subscriber';

/** What other users see of a user: the name and picture from the user's last token. */
export interface PublicProfile {
  id: string;
  name: string;
  /** An http(s) URL. */
  avatar?: string;
}

export interface UserProfile {
  id: string;
  name: string;
  avatar?: string;
  /** Customer service: `agent` or `visitor`, from the token's `role` claim. */
  role?: 'agent' | 'visitor';
  /** Agents: the departments they serve (all when absent), from the token's `departments` claim. */
  departments?: string[];
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

/**
 * A connection's session, as the server sees it: told when the connection opens and on each
 * renewal. `now` is the server's clock, so a client whose clock is wrong can still tell time
 * the server's way; `expiresIn` is measured by the server, so it holds whatever the client's clock says.
 */
export interface SessionState {
  /** The server's time (ms since epoch). */
  now: number;
  /** When the connection's token expires (ms since epoch, server time). */
  expiresAt: number;
  /** Milliseconds until then. */
  expiresIn: number;
}

export interface ReadState {
  cid: string;
  lastReadSeq: number;
  unreadMessagesCount: number;
}

import type { ConversationCommands, ConversationPushes } from './conversation-events.js';
import type { SupportCommands, SupportPushes } from './support-events.js';
import type { ErrorPayload } from './errors.js';
import type {
  ConversationPage,
  ConversationRecord,
  HistoryPage,
  MessageRecord,
  PatchPage,
  ReadState,
  PublicProfile,
  ReceiptState,
  SessionState,
} from './model.js';
import type {
  ConversationIdPayload,
  ConversationListPayload,
  CreateConversationPayload,
  HistoryPayload,
  ReadPayload,
  SendMessagePayload,
  UpdateMessagePayload,
  RecallMessagePayload,
  AckMessagesPayload,
  PatchesPayload,
  PushSubscribePayload,
  PushUnsubscribePayload,
  OnlineQueryPayload,
  ProfileQueryPayload,
  PeopleSearchPayload,
  SessionRenewPayload,
} from './schemas.js';

/** What every command's acknowledgement carries. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };
export type Ack<T> = (result: AckResult<T>) => void;

/** Commands: one event each, `domain:verb`, always with an acknowledgement. */
export interface ClientToServerEvents extends ConversationCommands, SupportCommands {
  'conversation:create': (payload: CreateConversationPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:list': (payload: ConversationListPayload, ack: Ack<ConversationPage>) => void;
  'conversation:get': (payload: ConversationIdPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:read': (payload: ReadPayload, ack: Ack<ReadState>) => void;
  'message:send': (payload: SendMessagePayload, ack: Ack<MessageRecord>) => void;
  'message:history': (payload: HistoryPayload, ack: Ack<HistoryPage>) => void;
  /** Replaces a message's content with the recalled marker, for everyone. */
  'message:recall': (payload: RecallMessagePayload, ack: Ack<MessageRecord>) => void;
  /** Edits a message's content; its type, file and position stay. */
  'message:update': (payload: UpdateMessagePayload, ack: Ack<MessageRecord>) => void;
  /** This device received everything up to `seq`; answers the user's own marks. */
  'message:ack': (payload: AckMessagesPayload, ack: Ack<ReceiptState>) => void;
  /** The other member's delivery and read marks in a 1:1 conversation. */
  'message:receipts': (payload: ConversationIdPayload, ack: Ack<ReceiptState>) => void;
  /** Messages recalled or edited after a cursor, in the user's conversations. */
  'message:patches': (payload: PatchesPayload, ack: Ack<PatchPage>) => void;
  /** The server's VAPID public key, for `pushManager.subscribe`. */
  'push:get-key': (payload: Record<string, never>, ack: Ack<{ publicKey: string }>) => void;
  'push:subscribe': (payload: PushSubscribePayload, ack: Ack<{ ok: true }>) => void;
  'push:unsubscribe': (payload: PushUnsubscribePayload, ack: Ack<{ ok: true }>) => void;
  /** Which of up to 20 users have a connection open now, on any node. */
  'user:online': (payload: OnlineQueryPayload, ack: Ack<{ online: string[] }>) => void;
  /** The names and pictures of up to 100 users, as their last token gave them; unknown ids are left out. */
  'user:profiles': (payload: ProfileQueryPayload, ack: Ack<{ profiles: PublicProfile[] }>) => void;
  'user:search': (payload: PeopleSearchPayload, ack: Ack<{ profiles: PublicProfile[] }>) => void;
  /** Swaps the connection's token for a fresh one of the same user: it then ends at the new expiry. */
  'session:renew': (payload: SessionRenewPayload, ack: Ack<SessionState>) => void;
}

/** Pushes: `domain:past-tense`. */
export interface ServerToClientEvents extends ConversationPushes, SupportPushes {
  /** Sent first on every connection: the server's clock and the token's remaining lifetime. */
  'session:opened': (session: SessionState) => void;
  'message:created': (message: MessageRecord) => void;
  /** A transient message (typing and the like): online members only, never stored. */
  'message:relayed': (message: MessageRecord) => void;
  /** A message was recalled: its content is gone, `type` is the recalled marker. */
  'message:recalled': (message: MessageRecord) => void;
  /** A message was edited. */
  'message:updated': (message: MessageRecord) => void;
  /** The other member of a 1:1 conversation received or read more. */
  'message:receipts-updated': (state: ReceiptState) => void;
  'conversation:created': (conversation: ConversationRecord) => void;
  /** The current user's read position moved (on another device, or by sending). */
  'conversation:read-updated': (state: ReadState) => void;
  /** Someone the user shares a conversation with has a new name or picture (or was just named). */
  'user:profile-updated': (profile: PublicProfile) => void;
}

export type CommandName = keyof ClientToServerEvents;
export type CommandPayload<C extends CommandName> = Parameters<ClientToServerEvents[C]>[0];
export type CommandResult<C extends CommandName> =
  Parameters<ClientToServerEvents[C]>[1] extends Ack<infer T> ? T : never;

/** What the client sends in the socket.io handshake. */
export interface HandshakeAuth {
  token: string;
}

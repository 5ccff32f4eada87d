import type { ErrorPayload } from './errors.js';
import type { ConversationPage, ConversationRecord, HistoryPage, MessageRecord, ReadState } from './model.js';
import type {
  ConversationIdPayload,
  ConversationListPayload,
  CreateConversationPayload,
  HistoryPayload,
  ReadPayload,
  SendMessagePayload,
} from './schemas.js';

/** What every command's acknowledgement carries. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };
export type Ack<T> = (result: AckResult<T>) => void;

/** Commands: one event each, `domain:verb`, always with an acknowledgement. */
export interface ClientToServerEvents {
  'conversation:create': (payload: CreateConversationPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:list': (payload: ConversationListPayload, ack: Ack<ConversationPage>) => void;
  'conversation:get': (payload: ConversationIdPayload, ack: Ack<ConversationRecord>) => void;
  'conversation:read': (payload: ReadPayload, ack: Ack<ReadState>) => void;
  'message:send': (payload: SendMessagePayload, ack: Ack<MessageRecord>) => void;
  'message:history': (payload: HistoryPayload, ack: Ack<HistoryPage>) => void;
}

/** Pushes: `domain:past-tense`. */
export interface ServerToClientEvents {
  'message:created': (message: MessageRecord) => void;
  'conversation:created': (conversation: ConversationRecord) => void;
  /** The current user's read position moved (on another device, or by sending). */
  'conversation:read-updated': (state: ReadState) => void;
}

export type CommandName = keyof ClientToServerEvents;
export type CommandPayload<C extends CommandName> = Parameters<ClientToServerEvents[C]>[0];
export type CommandResult<C extends CommandName> =
  Parameters<ClientToServerEvents[C]>[1] extends Ack<infer T> ? T : never;

/** What the client sends in the socket.io handshake. */
export interface HandshakeAuth {
  token: string;
}

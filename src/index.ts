/**
 * Parley for the browser: registers `<chat-client>`, `<chat-list>`, `<chat-room>` and
 * `<support-chat>`, and exports the client store for code that wants it directly.
 */
import './elements/chat-client/chat-client-element.js';
import './elements/chat-list/chat-list.js';
import './elements/chat-room/chat-room.js';
import './elements/support-chat/support-chat.js';

export { ChatClient, type ChatClientOptions, type ChatClientEventMap, type SendFileOptions } from './client/chat-client.js';
export type { ChatMessage, MessageStatus } from './client/chat-message.js';
export { type CustomMessageType, defineMessageType, type OutgoingMessage, summarize } from './client/message-types.js';
export type { MessageChanges, MessageQuery } from './client/message-features.js';
export type { UploadOptions } from './client/uploader.js';
export type { ConnectionState, TokenProvider } from './client/transport.js';
export { ChatError } from './protocol/chat-error.js';
export { ERRORS, type ErrorName, type ErrorPayload } from './protocol/errors.js';
export { MessageType } from './protocol/limits.js';
export type {
  ConversationRecord,
  FileInfo,
  LocationInfo,
  MessagePriority,
  MessageRecord,
  ReceiptState,
  UploadRecord,
  UserProfile,
} from './protocol/model.js';
export { ChatClientElement } from './elements/chat-client/chat-client-element.js';
export { ChatList } from './elements/chat-list/chat-list.js';
export { ChatRoom } from './elements/chat-room/chat-room.js';
export { defineMessageRenderer, type MessageRenderer } from './elements/chat-room/message-content.js';
export { SupportChat } from './elements/support-chat/support-chat.js';
export { ChatSelectEvent, ChatMessageEvent } from './elements/events.js';
export { chatClientContext } from './elements/chat-context.js';

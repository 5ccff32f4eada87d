import { MessageType } from '../protocol/limits.js';
import type { LocationInfo, MessagePriority, MessageRecord, UploadRecord } from '../protocol/model.js';

/** What a caller sends: one of the built-in types or a registered custom one, with its options. */
export interface OutgoingMessage {
  type: number;
  text?: string;
  attributes?: Record<string, unknown>;
  /** Image, audio, video and file messages: an upload of this user's (see `ChatClient.upload`). */
  file?: UploadRecord & { duration?: number };
  location?: LocationInfo;
  /** A custom type's own fields. */
  fields?: Record<string, unknown>;
  mentionList?: string[];
  mentionAll?: boolean;
  /** Ask to learn when it is delivered (1:1 conversations). */
  receipt?: boolean;
  /** Chat rooms only. */
  priority?: MessagePriority;
  /** What an offline member's notification shows (`title`, `body`) and carries. */
  pushData?: Record<string, unknown>;
}

/** The send command's content fields for an outgoing message (the file by its upload id). */
export function wirePayload(message: OutgoingMessage) {
  const { file, ...rest } = message;
  if (!file) return rest;
  const reference: { id: string; width?: number; height?: number; duration?: number } = { id: file.id };
  if (file.width !== undefined && file.height !== undefined) {
    reference.width = file.width;
    reference.height = file.height;
  }
  if (file.duration !== undefined) reference.duration = file.duration;
  return { ...rest, file: reference };
}

/** An application's own message type: a positive number, and how it reads in one line. */
export interface CustomMessageType {
  type: number;
  /** A short name for the type, e.g. "Poll". */
  label: string;
  /** One line for previews and notifications; the label when absent. */
  summary?: (message: Pick<MessageRecord, 'text' | 'fields' | 'attributes'>) => string;
}

const customTypes = new Map<number, CustomMessageType>();

/**
 * Registers a custom type. Negative numbers belong to the built-in types. A type that an older
 * client does not know is still kept and shown as a placeholder.
 */
export function defineMessageType(definition: CustomMessageType): void {
  if (!Number.isInteger(definition.type) || definition.type <= 0) {
    throw new RangeError('Custom message types use positive integers; negative numbers are reserved');
  }
  customTypes.set(definition.type, definition);
}

export function customMessageType(type: number): CustomMessageType | undefined {
  return customTypes.get(type);
}

const BUILT_IN_LABELS: Record<number, string> = {
  [MessageType.IMAGE]: 'Photo',
  [MessageType.AUDIO]: 'Voice message',
  [MessageType.VIDEO]: 'Video',
  [MessageType.LOCATION]: 'Location',
  [MessageType.FILE]: 'File',
  [MessageType.RECALLED]: 'Message recalled',
};

/** One line of plain text for a message: list previews, notifications, screen readers. */
export function summarize(message: Pick<MessageRecord, 'type' | 'text' | 'fields' | 'attributes' | 'file' | 'location'>): string {
  if (message.type === MessageType.TEXT) return message.text ?? '';
  if (message.type === MessageType.RECALLED) return BUILT_IN_LABELS[message.type]!;
  const label = BUILT_IN_LABELS[message.type];
  if (label) {
    const detail = message.text ?? message.location?.label ?? (message.type === MessageType.FILE ? message.file?.name : undefined);
    return detail ? `[${label}] ${detail}` : `[${label}]`;
  }
  const custom = customTypes.get(message.type);
  if (custom) return custom.summary?.(message) ?? `[${custom.label}]`;
  return message.text ?? '[Unsupported message]';
}

/** The built-in type for an uploaded file, from its (server-sniffed) mime type. */
export function typeForMime(mime: string): number {
  if (/^image\/(png|jpeg|gif|webp|avif)$/.test(mime)) return MessageType.IMAGE;
  if (mime.startsWith('audio/')) return MessageType.AUDIO;
  if (mime.startsWith('video/')) return MessageType.VIDEO;
  return MessageType.FILE;
}

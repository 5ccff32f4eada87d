import type { MessageRecord } from '../../protocol/model.js';
import { customMessageType, summarize } from '../../client/message-types.js';
import { MessageType } from '../../protocol/limits.js';
import type { Catalog } from './en.js';

type Summarizable = Pick<MessageRecord, 'type' | 'text' | 'fields' | 'attributes' | 'file' | 'location'>;

/** A built-in type's name in the reader's language. */
export function typeLabel(type: number, t: Catalog): string | undefined {
  switch (type) {
    case MessageType.IMAGE:
      return t.photo;
    case MessageType.AUDIO:
      return t.voiceMessage;
    case MessageType.VIDEO:
      return t.video;
    case MessageType.LOCATION:
      return t.location;
    case MessageType.FILE:
      return t.file;
  }
  return undefined;
}

/** `summarize` in the reader's language: "[Photo] caption", "[File] report.pdf", recalled. */
export function localSummary(message: Summarizable, t: Catalog): string {
  if (message.type === MessageType.RECALLED) return t.messageRecalled;
  const label = typeLabel(message.type, t);
  if (message.type === MessageType.TEXT) return message.text ?? '';
  // A registered custom type summarizes itself; an unknown one is named as such.
  if (customMessageType(message.type)) return summarize(message);
  if (!label) return message.text ?? `[${t.unsupportedMessage}]`;
  const detail = message.text ?? message.location?.label ?? (message.type === MessageType.FILE ? message.file?.name : undefined);
  return detail ? `[${label}] ${detail}` : `[${label}]`;
}

import type { ErrorPayload } from '../protocol/errors.js';
import type { MessageRecord } from '../protocol/model.js';
import type { OutboxEntry } from './cache-db.js';

export type MessageStatus = 'sending' | 'sent' | 'failed';

/**
 * A message as the elements show it: committed, or still in the user's outbox. It has every
 * field of the server's record; `id` and `seq` only once committed.
 */
export interface ChatMessage extends Omit<MessageRecord, 'id' | 'seq'> {
  /** Stable across the move from outbox to committed: the sender's client id. */
  key: string;
  /** Server time once committed; before, when it was sent, by the server's clock as the client knows it. */
  timestamp: number;
  status: MessageStatus;
  id?: string;
  seq?: number;
  /** Why the last attempt failed, when `status` is `failed`. */
  error?: ErrorPayload;
}

export function fromRecord(record: MessageRecord): ChatMessage {
  return { ...record, key: `${record.from}\n${record.clientId}`, status: 'sent' };
}

export function fromOutbox(entry: OutboxEntry, from: string): ChatMessage {
  const message: ChatMessage = {
    key: `${from}\n${entry.clientId}`,
    cid: entry.cid,
    from,
    clientId: entry.clientId,
    type: entry.type,
    timestamp: entry.createdAt,
    status: entry.status,
  };
  // The content as it will be sent: shown at once, before the server has it.
  for (const field of ['text', 'attributes', 'location', 'fields', 'mentionList', 'mentionAll', 'receipt'] as const) {
    if (entry[field] !== undefined) Object.assign(message, { [field]: entry[field] });
  }
  if (entry.file) {
    const { id: _id, ...file } = entry.file;
    message.file = file;
  }
  if (entry.upload) {
    // Not uploaded yet: described, but with no address to fetch it from.
    message.file = { url: '', name: entry.upload.name, size: entry.upload.blob.size, mime: entry.upload.blob.type };
  }
  if (entry.error) message.error = entry.error as ErrorPayload;
  return message;
}

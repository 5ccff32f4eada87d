import type { ErrorPayload } from '../protocol/errors.js';
import type { MessageRecord } from '../protocol/model.js';
import type { OutboxEntry } from './cache-db.js';

export type MessageStatus = 'sending' | 'sent' | 'failed';

/** A message as the elements show it: committed, or still in the user's outbox. */
export interface ChatMessage {
  /** Stable across the move from outbox to committed: the sender's client id. */
  key: string;
  cid: string;
  from: string;
  clientId: string;
  type: number;
  text?: string;
  attributes?: Record<string, unknown>;
  /** Server time once committed; local send time before. */
  timestamp: number;
  status: MessageStatus;
  /** Server id and position, once committed. */
  id?: string;
  seq?: number;
  updatedAt?: number;
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
    text: entry.text,
    timestamp: entry.createdAt,
    status: entry.status,
  };
  if (entry.error) message.error = entry.error as ErrorPayload;
  return message;
}

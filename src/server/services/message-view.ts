import type { FileInfo, LocationInfo, MessageRecord } from '../../protocol/model.js';
import type { MessageRow } from '../store/schema.js';

/** What the `content` column holds, by type. */
export interface StoredContent {
  file?: FileInfo;
  location?: LocationInfo;
  fields?: Record<string, unknown>;
}

/**
 * A stored message as `viewer` sees it: `mentioned: true` when it @-mentions them (never for
 * the sender); the field is left out otherwise.
 */
export function toMessageRecord(row: MessageRow, viewer?: string): MessageRecord {
  const record: MessageRecord = {
    id: row.id,
    cid: row.conversation_id,
    seq: Number(row.seq),
    from: row.sender,
    clientId: row.client_id,
    type: row.type,
    timestamp: Number(row.created_at),
  };
  if (row.text !== null) record.text = row.text;
  if (row.attributes !== null) record.attributes = JSON.parse(row.attributes) as Record<string, unknown>;
  if (row.updated_at !== null) record.updatedAt = Number(row.updated_at);
  // Rows written before the message columns existed have none of these.
  if (row.content) Object.assign(record, JSON.parse(row.content) as StoredContent);
  if (row.mention_list) record.mentionList = JSON.parse(row.mention_list) as string[];
  if (row.mention_all) record.mentionAll = true;
  if (row.receipt) record.receipt = true;
  if (row.delivered_at !== null && row.delivered_at !== undefined) record.deliveredAt = Number(row.delivered_at);
  if (viewer !== undefined && mentions(record, viewer)) record.mentioned = true;
  return record;
}

/** Whether `message` @-mentions `user` (a sender never mentions themself). */
export function mentions(message: Pick<MessageRecord, 'from' | 'mentionAll' | 'mentionList'>, user: string): boolean {
  if (message.from === user) return false;
  return message.mentionAll === true || (message.mentionList?.includes(user) ?? false);
}

/** The record as `viewer` sees it, from one computed without a viewer. */
export function viewedBy(message: MessageRecord, viewer: string): MessageRecord {
  const { mentioned: _ignored, ...rest } = message;
  return mentions(message, viewer) ? { ...rest, mentioned: true } : rest;
}

import type { Kysely } from 'kysely';
import type { ConversationKind, ConversationRecord, MessageRecord } from '../../protocol/model.js';
import type { ConversationRow, Database, MessageRow } from '../store/schema.js';

/** Turns stored rows into the record one user sees. */
export function toMessageRecord(row: MessageRow): MessageRecord {
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
  return record;
}

interface ViewerState {
  lastReadSeq: number;
}

export function toConversationRecord(
  row: ConversationRow,
  members: string[],
  viewer: ViewerState,
  lastMessage?: MessageRecord,
): ConversationRecord {
  const kind = row.kind as ConversationKind;
  const lastSeq = Number(row.last_seq);
  const lastReadSeq = Math.min(Number(viewer.lastReadSeq), lastSeq);
  const record: ConversationRecord = {
    id: row.id,
    kind,
    name: row.name,
    members,
    creator: row.creator,
    transient: kind === 'transient',
    system: kind === 'system',
    unique: row.unique_key !== null,
    attributes: JSON.parse(row.attributes) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastSeq,
    lastReadSeq,
    unreadMessagesCount: lastSeq - lastReadSeq,
  };
  if (row.last_message_at !== null) record.lastMessageAt = Number(row.last_message_at);
  if (lastMessage) record.lastMessage = lastMessage;
  return record;
}

/** Loads members and last messages for many conversations in two queries. */
export async function loadConversationRecords(
  db: Kysely<Database>,
  rows: (ConversationRow & { last_read_seq: number })[],
): Promise<ConversationRecord[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberRows = await db
    .selectFrom('members')
    .select(['conversation_id', 'user_id'])
    .where('conversation_id', 'in', ids)
    .orderBy('joined_at')
    .orderBy('user_id')
    .execute();
  const membersById = new Map<string, string[]>();
  for (const m of memberRows) {
    const list = membersById.get(m.conversation_id) ?? [];
    list.push(m.user_id);
    membersById.set(m.conversation_id, list);
  }
  const lastIds = rows.map((r) => r.last_message_id).filter((id): id is string => id !== null);
  const lastMessages = new Map<string, MessageRecord>();
  if (lastIds.length > 0) {
    const messageRows = await db.selectFrom('messages').selectAll().where('id', 'in', lastIds).execute();
    for (const m of messageRows) lastMessages.set(m.id, toMessageRecord(m));
  }
  return rows.map((row) =>
    toConversationRecord(
      row,
      membersById.get(row.id) ?? [],
      { lastReadSeq: row.last_read_seq },
      row.last_message_id ? lastMessages.get(row.last_message_id) : undefined,
    ),
  );
}

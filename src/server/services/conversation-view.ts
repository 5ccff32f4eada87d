import type { Kysely } from 'kysely';
import type { ConversationKind, ConversationRecord, MemberRole, MessageRecord } from '../../protocol/model.js';
import type { ConversationRow, Database } from '../store/schema.js';
import { toMessageRecord } from './message-view.js';

/** A conversation row with the viewer's member row joined in (all null when not a member). */
export type ViewedRow = ConversationRow & {
  m_role: string | null;
  m_last_read_seq: number | null;
  m_muted: number | null;
  m_last_mention_seq: number | null;
};

export interface ViewOptions {
  /** Leave member lists (and what depends on them) out. */
  compact?: boolean;
  /** Include each conversation's last message. */
  withLastMessage?: boolean;
}

/** Kinds whose member list is shown; chat rooms have none and services keep subscribers private. */
function listsMembers(kind: ConversationKind): boolean {
  return kind === 'normal' || kind === 'temporary';
}

/** Turns stored rows into the records one user sees, loading members, last messages and 1:1 receipts in a few queries. */
export async function loadConversationRecords(
  db: Kysely<Database>,
  viewer: string,
  rows: ViewedRow[],
  options: ViewOptions = { withLastMessage: true },
): Promise<ConversationRecord[]> {
  if (rows.length === 0) return [];
  const withMembers = options.compact ? [] : rows.filter((r) => listsMembers(r.kind as ConversationKind)).map((r) => r.id);
  const members = new Map<string, { id: string; muted: boolean; readSeq: number; deliveredSeq: number }[]>();
  if (withMembers.length > 0) {
    const memberRows = await db
      .selectFrom('members')
      .select(['conversation_id', 'user_id', 'muted', 'last_read_seq', 'last_delivered_seq'])
      .where('conversation_id', 'in', withMembers)
      .orderBy('joined_at')
      .orderBy('user_id')
      .execute();
    for (const m of memberRows) {
      const list = members.get(m.conversation_id) ?? [];
      list.push({ id: m.user_id, muted: Number(m.muted) === 1, readSeq: Number(m.last_read_seq), deliveredSeq: Number(m.last_delivered_seq) });
      members.set(m.conversation_id, list);
    }
  }

  const lastMessages = new Map<string, MessageRecord>();
  const lastIds = options.withLastMessage ? rows.map((r) => r.last_message_id).filter((id): id is string => id !== null) : [];
  if (lastIds.length > 0) {
    const messageRows = await db.selectFrom('messages').selectAll().where('id', 'in', lastIds).execute();
    for (const m of messageRows) lastMessages.set(m.id, toMessageRecord(m, viewer));
  }

  const receipts = await loadReceiptTimes(db, viewer, rows, members);
  return rows.map((row) => {
    const list = members.get(row.id) ?? [];
    const record = toConversationRecord(row, list.map((m) => m.id), list.filter((m) => m.muted).map((m) => m.id));
    const last = row.last_message_id ? lastMessages.get(row.last_message_id) : undefined;
    if (last) record.lastMessage = last;
    Object.assign(record, receipts.get(row.id));
    return record;
  });
}

export function toConversationRecord(row: ViewedRow, members: string[], mutedMembers: string[]): ConversationRecord {
  const kind = row.kind as ConversationKind;
  const lastSeq = Number(row.last_seq);
  const isMember = row.m_role !== null;
  // Someone who is not a member (a chat room visitor) has nothing unread.
  const lastReadSeq = isMember ? Math.min(Number(row.m_last_read_seq), lastSeq) : lastSeq;
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
    mutedMembers,
    muted: Number(row.m_muted) === 1,
  };
  if (isMember) {
    record.role = row.m_role as MemberRole;
    if (Number(row.m_last_mention_seq) > lastReadSeq) record.unreadMessagesMentioned = true;
  }
  if (row.last_message_at !== null) record.lastMessageAt = Number(row.last_message_at);
  if (row.expires_at !== null) record.expiresAt = Number(row.expires_at);
  if (kind === 'system') record.subscribed = isMember;
  if (row.service_id !== null) record.serviceId = row.service_id;
  return record;
}

/**
 * 1:1 conversations: when the other member last received and read a message, as that message's
 * commit time. Read implies received, so delivery is never shown behind reading.
 */
async function loadReceiptTimes(
  db: Kysely<Database>,
  viewer: string,
  rows: ViewedRow[],
  members: Map<string, { id: string; readSeq: number; deliveredSeq: number }[]>,
): Promise<Map<string, { lastDeliveredAt?: number; lastReadAt?: number }>> {
  const marks: { cid: string; read: number; delivered: number }[] = [];
  for (const row of rows) {
    const list = members.get(row.id);
    if (!list || list.length !== 2 || !list.some((m) => m.id === viewer)) continue;
    const other = list.find((m) => m.id !== viewer)!;
    marks.push({ cid: row.id, read: other.readSeq, delivered: Math.max(other.deliveredSeq, other.readSeq) });
  }
  const wanted = marks.flatMap((m) => [m.read, m.delivered].filter((seq) => seq > 0).map((seq) => ({ cid: m.cid, seq })));
  const times = new Map<string, number>();
  if (wanted.length > 0) {
    const found = await db
      .selectFrom('messages')
      .select(['conversation_id', 'seq', 'created_at'])
      .where((eb) => eb.or(wanted.map((w) => eb.and([eb('conversation_id', '=', w.cid), eb('seq', '=', w.seq)]))))
      .execute();
    for (const f of found) times.set(`${f.conversation_id}\n${Number(f.seq)}`, Number(f.created_at));
  }
  const result = new Map<string, { lastDeliveredAt?: number; lastReadAt?: number }>();
  for (const m of marks) {
    const entry: { lastDeliveredAt?: number; lastReadAt?: number } = {};
    const read = times.get(`${m.cid}\n${m.read}`);
    const delivered = times.get(`${m.cid}\n${m.delivered}`);
    if (read !== undefined) entry.lastReadAt = read;
    if (delivered !== undefined) entry.lastDeliveredAt = delivered;
    result.set(m.cid, entry);
  }
  return result;
}

/** The viewer's member columns, for queries that join `members as m`. */
export const VIEWER_COLUMNS = ['m.role as m_role', 'm.last_read_seq as m_last_read_seq', 'm.muted as m_muted', 'm.last_mention_seq as m_last_mention_seq'] as const;

/** Loads rows by id, as `viewer` sees them (visibility is the caller's business). */
export async function loadViewedRows(db: Kysely<Database>, viewer: string, ids: string[]): Promise<ViewedRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('conversations as c')
    .leftJoin('members as m', (join) => join.onRef('m.conversation_id', '=', 'c.id').on('m.user_id', '=', viewer))
    .selectAll('c')
    .select([...VIEWER_COLUMNS])
    .where('c.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r as ViewedRow]));
  return ids.map((id) => byId.get(id)).filter((r): r is ViewedRow => r !== undefined);
}

/** One conversation as `viewer` sees it (visibility is the caller's business). */
export async function viewConversation(db: Kysely<Database>, viewer: string, cid: string, options?: ViewOptions): Promise<ConversationRecord> {
  const rows = await loadViewedRows(db, viewer, [cid]);
  const [record] = await loadConversationRecords(db, viewer, rows, options);
  return record!;
}

import type { Kysely } from 'kysely';
import type { MessageRecord, UserProfile } from '../../../protocol/model.js';
import type { Database } from '../../store/schema.js';
import { notVisible } from '../conversation-access.js';
import type { Notice } from '../notice.js';
import type { TicketRow } from './ticket-views.js';

/** What the connection a command came on says about its client (never from the payload). */
export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

/** A service result with the pushes to send once it is committed (and acknowledged). */
export interface SupportOutcome<T> {
  data: T;
  notices: Notice[];
  /** Messages the service wrote (first message, transfer notice), to deliver to members. */
  deliveries: Array<{ message: MessageRecord; members: string[] }>;
}

/**
 * The ticket if `user` may see it: its visitor, the agent handling it, or an agent of its
 * department. Anyone else gets 4401, exactly as for a conversation that does not exist.
 */
export async function loadTicket(db: Kysely<Database>, user: UserProfile, cid: string): Promise<TicketRow> {
  const row = await db.selectFrom('support_tickets').selectAll().where('cid', '=', cid).executeTakeFirst();
  if (!row) notVisible();
  if (user.role === 'agent') {
    // The token says which departments the agent serves.
    if (row.agent_id === user.id || !user.departments || user.departments.includes(row.department)) return row;
    notVisible();
  }
  if (row.visitor_id !== user.id) notVisible();
  return row;
}

export async function reloadTicket(db: Kysely<Database>, cid: string): Promise<TicketRow> {
  return db.selectFrom('support_tickets').selectAll().where('cid', '=', cid).executeTakeFirstOrThrow();
}

/** The conversation still exists (temporary ones are deleted once expired). */
export async function conversationExists(db: Kysely<Database>, cid: string): Promise<boolean> {
  return (await db.selectFrom('conversations').select('id').where('id', '=', cid).executeTakeFirst()) !== undefined;
}

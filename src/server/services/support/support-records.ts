import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import type { UserProfile } from '../../../protocol/model.js';
import type { OfflineMessage, SupportNote, SupportReportRecord } from '../../../protocol/support-model.js';
import type { Clock } from '../../config.js';
import type { Database } from '../../store/schema.js';
import { notice } from '../notice.js';
import { loadTicket, type SupportOutcome } from './support-access.js';
import { requireAgent } from './support-agents.js';

export interface OfflineInput {
  email: string;
  text: string;
  name?: string;
  department: string;
  pageUrl?: string;
}

/**
 * What is written down beside the conversations: agents' internal notes (a table of their own,
 * so no history, sync or push path can ever hand one to a visitor), offline messages, and the
 * per-conversation reporting figures.
 */
export class SupportRecords {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async addNote(user: UserProfile, cid: string, text: string): Promise<SupportOutcome<SupportNote>> {
    requireAgent(user);
    const ticket = await loadTicket(this.db, user, cid);
    const note: SupportNote = { id: nanoid(), cid, author: user.id, text, createdAt: this.clock.now() };
    await this.db.insertInto('support_notes').values({ id: note.id, cid, author: user.id, text, created_at: note.createdAt }).execute();
    const to = [...new Set([user.id, ...(ticket.agent_id ? [ticket.agent_id] : [])])];
    return { data: note, notices: [notice({ users: to }, 'support:note-added', note)], deliveries: [] };
  }

  async notes(user: UserProfile, cid: string): Promise<SupportNote[]> {
    requireAgent(user);
    await loadTicket(this.db, user, cid);
    return this.notesOf(cid);
  }

  /** Only for agents' eyes (transcripts check who asks). */
  async notesOf(cid: string): Promise<SupportNote[]> {
    const rows = await this.db.selectFrom('support_notes').selectAll().where('cid', '=', cid).orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, cid: r.cid, author: r.author, text: r.text, createdAt: Number(r.created_at) }));
  }

  async leaveOfflineMessage(visitor: string, input: OfflineInput): Promise<{ id: string }> {
    const id = nanoid();
    await this.db
      .insertInto('support_offline_messages')
      .values({
        id,
        visitor_id: visitor,
        email: input.email,
        name: input.name?.trim() || null,
        text: input.text,
        department: input.department,
        page_url: input.pageUrl ?? null,
        created_at: this.clock.now(),
      })
      .execute();
    return { id };
  }

  /** Offline messages, oldest first, from after the cursor `<ms>:<id>`. */
  async offlineMessages(after: string | undefined, limit: number): Promise<{ messages: OfflineMessage[]; next?: string }> {
    let query = this.db.selectFrom('support_offline_messages').selectAll().orderBy('created_at').orderBy('id').limit(limit + 1);
    if (after) {
      const at = after.indexOf(':');
      const time = Number(after.slice(0, at));
      const id = after.slice(at + 1);
      query = query.where((eb) => eb.or([eb('created_at', '>', time), eb.and([eb('created_at', '=', time), eb('id', '>', id)])]));
    }
    const rows = await query.execute();
    const page = rows.slice(0, limit);
    const messages = page.map((r) => {
      const m: OfflineMessage = { id: r.id, visitor: r.visitor_id, email: r.email, text: r.text, department: r.department, createdAt: Number(r.created_at) };
      if (r.name) m.name = r.name;
      if (r.page_url) m.pageUrl = r.page_url;
      return m;
    });
    const last = page.at(-1);
    return rows.length > limit && last ? { messages, next: `${Number(last.created_at)}:${last.id}` } : { messages };
  }

  /** Reporting figures of the conversations opened in `[from, to)`, oldest first. */
  async report(from: number, to: number, limit: number): Promise<SupportReportRecord[]> {
    const rows = await this.db
      .selectFrom('support_tickets')
      .selectAll()
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .orderBy('created_at')
      .orderBy('cid')
      .limit(limit)
      .execute();
    return rows.map((r) => {
      const record: SupportReportRecord = { cid: r.cid, department: r.department, visitor: r.visitor_id, createdAt: Number(r.created_at) };
      if (r.agent_id) record.agent = r.agent_id;
      if (r.first_response_at !== null) record.firstResponseMs = Number(r.first_response_at) - Number(r.created_at);
      if (r.closed_at !== null) record.resolutionMs = Number(r.closed_at) - Number(r.created_at);
      if (r.rating !== null) record.rating = r.rating_comment ? { score: Number(r.rating), comment: r.rating_comment } : { score: Number(r.rating) };
      return record;
    });
  }
}

import type { Kysely } from 'kysely';
import type { MessageRecord, UserProfile } from '../../../protocol/model.js';
import type { TranscriptJson } from '../../../protocol/support-model.js';
import type { Database } from '../../store/schema.js';
import { notVisible } from '../conversation-access.js';
import { toMessageRecord } from '../message-view.js';
import { conversationExists, loadTicket } from './support-access.js';
import type { SupportRecords } from './support-records.js';
import type { TicketViews } from './ticket-views.js';

const MAX_MESSAGES = 10_000;

/** A conversation's transcript for its visitor or an agent; internal notes only for agents. */
export class SupportTranscripts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly views: TicketViews,
    private readonly records: SupportRecords,
  ) {}

  async json(user: UserProfile, cid: string): Promise<TranscriptJson> {
    const row = await loadTicket(this.db, user, cid);
    if (!(await conversationExists(this.db, cid))) notVisible();
    const rows = await this.db.selectFrom('messages').selectAll().where('conversation_id', '=', cid).orderBy('seq').limit(MAX_MESSAGES).execute();
    const messages = rows.map((r) => toMessageRecord(r, user.id));
    if (user.role !== 'agent') return { ticket: await this.views.forVisitor(row), messages };
    return { ticket: await this.views.forAgent(row), messages, notes: await this.records.notesOf(cid) };
  }

  /** One line per message (and note, for agents), in time order: `[2030-01-01 09:00:00 UTC] Name: text`. */
  async text(user: UserProfile, cid: string): Promise<string> {
    const transcript = await this.json(user, cid);
    const names = await this.names(transcript);
    const lines = [
      ...transcript.messages.map((m) => ({ at: m.timestamp, line: `${names.get(m.from) ?? m.from}: ${describe(m)}` })),
      ...(transcript.notes ?? []).map((n) => ({ at: n.createdAt, line: `(internal note) ${names.get(n.author) ?? n.author}: ${n.text}` })),
    ].sort((a, b) => a.at - b.at);
    return lines.map(({ at, line }) => `[${stamp(at)}] ${line}`).join('\n') + (lines.length > 0 ? '\n' : '');
  }

  private async names(transcript: TranscriptJson): Promise<Map<string, string>> {
    const agents = await this.db.selectFrom('support_agents').select(['user_id', 'name']).execute();
    const names = new Map(agents.map((a) => [a.user_id, a.name]));
    const visitor = 'visitor' in transcript.ticket ? transcript.ticket.visitor : undefined;
    const ticket = await this.db.selectFrom('support_tickets').select(['visitor_id', 'visitor_name']).where('cid', '=', transcript.ticket.cid).executeTakeFirstOrThrow();
    names.set(ticket.visitor_id, visitor?.name ?? ticket.visitor_name);
    return names;
  }
}

function describe(message: MessageRecord): string {
  if (message.text !== undefined && message.text !== '') return message.text;
  if (message.file) return `[file: ${message.file.name}]`;
  if (message.location) return `[location: ${message.location.latitude}, ${message.location.longitude}]`;
  return `[message of type ${message.type}]`;
}

function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

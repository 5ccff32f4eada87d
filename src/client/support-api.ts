import { ChatError } from '../protocol/chat-error.js';
import type { ErrorPayload } from '../protocol/errors.js';
import type { MessageRecord } from '../protocol/model.js';
import type { OfflineMessagePayload, SupportStartPayload } from '../protocol/support-schemas.js';
import type {
  AgentState,
  AgentStatus,
  AgentTicket,
  SupportConfig,
  SupportNote,
  TranscriptJson,
  VisitorIdentity,
  VisitorTicket,
} from '../protocol/support-model.js';
import type { ConversationApi } from './conversation-api.js';
import type { Transport } from './transport.js';

/** Events `client.support` dispatches on the ChatClient (CustomEvent, detail = the push). */
export interface SupportEventMap {
  /** Visitor: their conversation changed (queue place, agent joined, closed: ask for a rating). */
  supportupdate: CustomEvent<VisitorTicket>;
  /** Agents: a department's whole queue. */
  supportqueue: CustomEvent<{ department: string; tickets: AgentTicket[] }>;
  /** Agent: a conversation is now theirs. */
  supportassigned: CustomEvent<AgentTicket>;
  /** Agent: a conversation is no longer theirs. */
  supportreleased: CustomEvent<{ cid: string; reason: 'transferred' }>;
  /** Agent: one of theirs was closed, rated or reopened. */
  supportticket: CustomEvent<AgentTicket>;
  supportnote: CustomEvent<SupportNote>;
  supportagent: CustomEvent<AgentState>;
}

/** Availability, departments and pre-chat fields, before any token (and before storing anything). */
export async function fetchSupportConfig(server: string): Promise<SupportConfig> {
  return fetchJson<SupportConfig>(`${server}/api/support/config`);
}

/** An anonymous visitor's token, new or (with the `resume` secret kept from last time) the same visitor again. */
export async function createVisitor(server: string, resume?: string): Promise<VisitorIdentity> {
  return fetchJson<VisitorIdentity>(`${server}/api/support/visitors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(resume ? { resume } : {}),
  });
}

async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T | { error: ErrorPayload };
  if (!response.ok) throw ChatError.fromPayload((body as { error: ErrorPayload }).error);
  return body as T;
}

/**
 * Customer service for visitors and agents (`client.support`). Conversations are ordinary
 * (temporary) conversations: messages go through the client's usual send and cache; this adds
 * routing, the queue, notes, closing, rating and transcripts.
 */
export class SupportApi {
  constructor(
    private readonly transport: Transport,
    private readonly conversations: ConversationApi,
    events: EventTarget,
    private readonly http: { server: string; token: () => Promise<string> },
  ) {
    const forward = <T>(name: keyof SupportEventMap) => (detail: T) => events.dispatchEvent(new CustomEvent(name, { detail }));
    transport.on('support:updated', forward('supportupdate'));
    transport.on('support:queue-updated', forward('supportqueue'));
    transport.on('support:assigned', (ticket) => {
      void this.conversations.get(ticket.cid).catch(() => undefined);
      forward('supportassigned')(ticket);
    });
    transport.on('support:released', forward('supportreleased'));
    transport.on('support:ticket-updated', forward('supportticket'));
    transport.on('support:note-added', forward('supportnote'));
    transport.on('support:agent-updated', forward('supportagent'));
  }

  // ---- visitors ----

  /** Opens a conversation (with the first message, if given) and routes it; SUPPORT_OFFLINE means: show the offline form. */
  async start(input: SupportStartPayload = {}): Promise<{ ticket: VisitorTicket; message?: MessageRecord }> {
    const result = await this.transport.request('support:start', input);
    await this.conversations.get(result.ticket.cid);
    return result;
  }

  async mine(): Promise<VisitorTicket[]> {
    return (await this.transport.request('support:mine', {})).tickets;
  }

  async reopen(cid: string): Promise<VisitorTicket> {
    return this.transport.request('support:reopen', { cid });
  }

  async rate(cid: string, score: number, comment?: string): Promise<VisitorTicket> {
    return this.transport.request('support:rate', comment ? { cid, score, comment } : { cid, score });
  }

  async leaveOfflineMessage(input: OfflineMessagePayload): Promise<{ id: string }> {
    return this.transport.request('support:offline-message', input);
  }

  // ---- both ----

  async get(cid: string): Promise<VisitorTicket | AgentTicket> {
    return this.transport.request('support:get', { cid });
  }

  async close(cid: string): Promise<VisitorTicket | AgentTicket> {
    return this.transport.request('support:close', { cid });
  }

  /** The conversation as text (one line per message) or JSON; internal notes only for agents. */
  async transcript(cid: string, format: 'text'): Promise<string>;
  async transcript(cid: string, format: 'json'): Promise<TranscriptJson>;
  async transcript(cid: string, format: 'text' | 'json'): Promise<string | TranscriptJson> {
    const url = `${this.http.server}/api/support/conversations/${encodeURIComponent(cid)}/transcript?format=${format}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${await this.http.token()}` } });
    if (!response.ok) throw ChatError.fromPayload(((await response.json()) as { error: ErrorPayload }).error);
    return format === 'json' ? ((await response.json()) as TranscriptJson) : response.text();
  }

  // ---- agents ----

  async setAvailability(status: AgentStatus): Promise<AgentState> {
    return this.transport.request('support:set-availability', { status });
  }

  async agents(): Promise<AgentState[]> {
    return (await this.transport.request('support:agents', {})).agents;
  }

  async queue(department?: string): Promise<AgentTicket[]> {
    return (await this.transport.request('support:queue', department ? { department } : {})).tickets;
  }

  /** The agent's own conversations. */
  async list(status: 'active' | 'closed' = 'active'): Promise<AgentTicket[]> {
    return (await this.transport.request('support:list', { status })).tickets;
  }

  /** Takes a waiting conversation (SUPPORT_ALREADY_TAKEN if another agent was first); it lands in the cache. */
  async take(cid: string): Promise<AgentTicket> {
    const ticket = await this.transport.request('support:take', { cid });
    await this.conversations.get(cid);
    return ticket;
  }

  async transfer(cid: string, to: string): Promise<AgentTicket> {
    return this.transport.request('support:transfer', { cid, to });
  }

  /** An internal note: agents only, never shown to the visitor. */
  async addNote(cid: string, text: string): Promise<SupportNote> {
    return this.transport.request('support:note', { cid, text });
  }

  async notes(cid: string): Promise<SupportNote[]> {
    return (await this.transport.request('support:notes', { cid })).notes;
  }
}

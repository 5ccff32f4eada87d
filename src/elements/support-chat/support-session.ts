import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import { fetchSupportConfig } from '../../client/support-api.js';
import { ChatError } from '../../protocol/chat-error.js';
import type { SupportConfig, VisitorTicket } from '../../protocol/support-model.js';

/** What the visitor's browser tells the agent about where they are. */
function pageInfo(lang: string) {
  return { pageUrl: location.href, pageTitle: document.title, referrer: document.referrer || undefined, language: lang };
}

export interface StartInput {
  text: string;
  department?: string;
  form?: Record<string, string>;
}

/**
 * The visitor's side of customer service for `<support-chat>`: the team's availability, the
 * visitor's conversations ("tickets") kept current from `support:updated`, and the actions on them.
 * The ChatClient is the element's (its own visitor client, a `<chat-client>`, or `client`).
 */
export class SupportSession implements ReactiveController {
  config?: SupportConfig;
  /** false when the server could not be reached for its configuration. */
  reachable = true;
  tickets: VisitorTicket[] = [];
  private watched?: ChatClient;
  private readonly onUpdate = (event: Event) => this.apply((event as CustomEvent<VisitorTicket>).detail);
  private readonly onSynced = () => void this.refreshTickets();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly chat: () => ChatClient | undefined,
    private readonly changed: (ticket: VisitorTicket, before: VisitorTicket | undefined) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const chat = this.chat();
    if (chat === this.watched) return;
    this.unwatch();
    this.watched = chat;
    if (!chat) return;
    chat.addEventListener('supportupdate', this.onUpdate);
    chat.addEventListener('synced', this.onSynced);
    void this.refreshTickets();
  }

  hostDisconnected(): void {
    this.unwatch();
  }

  /** The team's availability and the pre-chat form, without a token (and without storing anything). */
  async loadConfig(server: string): Promise<void> {
    try {
      this.config = await fetchSupportConfig(server);
      this.reachable = true;
    } catch {
      this.reachable = false;
    }
    this.host.requestUpdate();
  }

  ticket(cid: string): VisitorTicket | undefined {
    return this.tickets.find((t) => t.cid === cid);
  }

  async refreshTickets(): Promise<void> {
    const chat = this.chat();
    if (!chat || chat.state !== 'online') return;
    try {
      this.tickets = await chat.support.mine();
      this.host.requestUpdate();
    } catch {
      // Offline again: the list refreshes on the next `synced`.
    }
  }

  /** Opens a conversation with its first message. Throws SUPPORT_OFFLINE (4771) when nobody can answer. */
  async start(chat: ChatClient, input: StartInput, lang: string): Promise<VisitorTicket> {
    const { ticket } = await chat.support.start({
      department: input.department,
      form: input.form,
      info: pageInfo(lang),
      message: { text: input.text, clientId: crypto.randomUUID() },
    });
    this.apply(ticket);
    return ticket;
  }

  async reopen(chat: ChatClient, cid: string): Promise<void> {
    this.apply(await chat.support.reopen(cid));
  }

  async close(chat: ChatClient, cid: string): Promise<void> {
    this.apply(await chat.support.close(cid));
  }

  async rate(chat: ChatClient, cid: string, score: number, comment: string): Promise<void> {
    this.apply(await chat.support.rate(cid, score, comment || undefined));
  }

  async leaveMessage(chat: ChatClient, input: { email: string; name?: string; text: string; department?: string }): Promise<void> {
    await chat.support.leaveOfflineMessage({ ...input, pageUrl: location.href });
  }

  /** The conversation as a text file, through the browser's download. */
  async downloadTranscript(chat: ChatClient, cid: string): Promise<void> {
    const text = await chat.support.transcript(cid, 'text');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `conversation-${new Date().toISOString().slice(0, 10)}.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private apply(ticket: VisitorTicket): void {
    const before = this.ticket(ticket.cid);
    this.tickets = [ticket, ...this.tickets.filter((t) => t.cid !== ticket.cid)].sort((a, b) => b.createdAt - a.createdAt);
    this.changed(ticket, before);
    this.host.requestUpdate();
  }

  private unwatch(): void {
    this.watched?.removeEventListener('supportupdate', this.onUpdate);
    this.watched?.removeEventListener('synced', this.onSynced);
    this.watched = undefined;
  }
}

/** Whether an error means "nobody can answer now: show the offline form". */
export function isSupportOffline(error: unknown): boolean {
  return error instanceof ChatError && error.name === 'SUPPORT_OFFLINE';
}

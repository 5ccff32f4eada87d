import { html, nothing } from 'lit';
import type { SupportConfig, VisitorTicket } from '../../protocol/support-model.js';
import type { Catalog } from '../i18n/en.js';
import { ratingForm } from './support-forms.js';

/** One line on whether anyone can answer now. */
export function availabilityText(t: Catalog, config: SupportConfig | undefined, reachable: boolean): string {
  if (!reachable) return t.supportUnreachable;
  if (!config) return '';
  if (config.open) return t.teamOnline;
  return config.reason === 'closed' ? t.teamClosed : t.teamAway;
}

export interface HomeOptions {
  greeting: string;
  config?: SupportConfig;
  reachable: boolean;
  tickets: VisitorTicket[];
  lang: string;
  onStart: () => void;
  onOpen: (cid: string) => void;
}

/** The greeting, the team's availability, a start button, and the visitor's earlier conversations. */
export function homeView(t: Catalog, o: HomeOptions) {
  const open = o.config?.open ?? false;
  const date = new Intl.DateTimeFormat(o.lang, { dateStyle: 'medium', timeStyle: 'short' });
  return html`<div class="home">
    <p class="greeting">${o.greeting || t.supportGreeting}</p>
    <p class="availability ${open ? 'online' : ''}">${availabilityText(t, o.config, o.reachable)}</p>
    ${o.reachable
      ? html`<button class="primary start" @click=${o.onStart}>${open ? t.startConversation : t.leaveMessage}</button>`
      : nothing}
    ${o.tickets.length > 0
      ? html`<h3 class="list-heading">${t.yourConversations}</h3>
          <ul class="tickets">
            ${o.tickets.map(
              (ticket) => html`<li>
                <button class="ticket" @click=${() => o.onOpen(ticket.cid)}>
                  <span class="ticket-title">${ticket.agent ? t.conversationWith(ticket.agent.name) : t.waitingForAgent}</span>
                  <span class="ticket-meta">${date.format(ticket.createdAt)}${ticket.status === 'closed' ? ` · ${t.conversationClosed}` : ''}</span>
                </button>
              </li>`,
            )}
          </ul>`
      : nothing}
  </div>`;
}

/** Above the messages: the queue position, or who is answering, or that it has ended. */
export function ticketBanner(t: Catalog, ticket: VisitorTicket | undefined, lang: string) {
  if (!ticket) return nothing;
  let content;
  if (ticket.status === 'queued') {
    content = html`<span>${ticket.position ? t.queuePosition(new Intl.NumberFormat(lang).format(ticket.position)) : t.waitingForAgent}</span>`;
  } else if (ticket.status === 'active' && ticket.agent) {
    const agent = ticket.agent;
    content = html`${agent.avatar
        ? html`<img class="avatar" src=${agent.avatar} alt="" />`
        : html`<span class="avatar" aria-hidden="true">${agent.name.slice(0, 1).toUpperCase()}</span>`}
      <span>${t.agentJoined(agent.name)}</span>`;
  } else if (ticket.status === 'closed') {
    content = html`<span>${t.conversationEnded}</span>`;
  } else {
    content = html`<span>${t.waitingForAgent}</span>`;
  }
  return html`<p class="ticket-banner" role="status">${content}</p>`;
}

export interface TicketActionsOptions {
  busy: boolean;
  error: string;
  lang: string;
  onRate: (event: SubmitEvent) => void;
  onTranscript: () => void;
  onReopen: () => void;
  onNew: () => void;
  onEnd: () => void;
}

/** Below the messages: end it; once ended, the rating, the transcript, reopening or a new one. */
export function ticketActions(t: Catalog, ticket: VisitorTicket, o: TicketActionsOptions) {
  return html`<div class="ticket-actions">
    ${ticket.status === 'closed'
      ? html`${ratingForm(t, { rated: ticket.rating, busy: o.busy, lang: o.lang, onSubmit: o.onRate })}
          <div class="row">
            <button class="secondary" @click=${o.onTranscript}>${t.downloadTranscript}</button>
            <button class="secondary" @click=${o.onReopen}>${t.reopenConversation}</button>
            <button class="secondary" @click=${o.onNew}>${t.newConversation}</button>
          </div>`
      : html`<div class="row"><button class="secondary" @click=${o.onEnd}>${t.endConversation}</button></div>`}
    ${o.error ? html`<p class="error" role="alert">${o.error}</p>` : nothing}
  </div>`;
}

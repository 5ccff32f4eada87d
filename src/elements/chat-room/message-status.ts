import { html, svg } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import type { Catalog } from '../i18n/en.js';

/** The marks chat apps use: a clock while sending, one tick once sent, two once delivered, two in the accent once read. */
const DOUBLE_TICK = svg`<path d="M1 6.5l2.5 2.5L9 3M5.65 6.65L8 9l5.5-6" />`;
const MARKS = {
  sending: svg`<circle cx="7" cy="6" r="4.5" /><path d="M7 3.8V6l1.6 1.2" />`,
  sent: svg`<path d="M3 6.5l2.5 2.5L11 3" />`,
  delivered: DOUBLE_TICK,
  read: DOUBLE_TICK,
};

/** A status as its mark, named for assistive technology (and in a tooltip). */
function mark(state: keyof typeof MARKS, label: string) {
  return html`<span class="status" data-state=${state} title=${label}
    ><svg aria-hidden="true" viewBox="0 0 15 12" width="15" height="12">${MARKS[state]}</svg><span class="visually-hidden">${label}</span></span
  >`;
}

/** Where one of the user's own messages is: sending, failed (with retry), sent, delivered, read. */
export function renderStatus(
  m: ChatMessage,
  conversation: CachedConversation | undefined,
  t: Catalog,
  actions: { retry: () => void; discard: () => void },
) {
  if (m.status === 'sending') return mark('sending', t.sending);
  if (m.status === 'failed') {
    return html`<span class="status">${t.notSent}</span>
      <button class="link" @click=${actions.retry}>${t.retry}</button>
      <button class="link" @click=${actions.discard}>${t.delete}</button>`;
  }
  // 1:1 conversations know how far the other member got.
  if (conversation?.lastReadAt !== undefined && m.timestamp <= conversation.lastReadAt) return mark('read', t.read);
  if (conversation?.lastDeliveredAt !== undefined && m.timestamp <= conversation.lastDeliveredAt) return mark('delivered', t.delivered);
  return mark('sent', t.sent);
}

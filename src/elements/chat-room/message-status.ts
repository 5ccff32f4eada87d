import { html } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import type { Catalog } from '../i18n/en.js';

/** Where one of the user's own messages is: sending, failed (with retry), sent, delivered, read. */
export function renderStatus(
  m: ChatMessage,
  conversation: CachedConversation | undefined,
  t: Catalog,
  actions: { retry: () => void; discard: () => void },
) {
  if (m.status === 'sending') return html`<span class="status">${t.sending}</span>`;
  if (m.status === 'failed') {
    return html`<span class="status">${t.notSent}</span>
      <button class="link" @click=${actions.retry}>${t.retry}</button>
      <button class="link" @click=${actions.discard}>${t.delete}</button>`;
  }
  // 1:1 conversations know how far the other member got.
  if (conversation?.lastReadAt !== undefined && m.timestamp <= conversation.lastReadAt) return html`<span class="status">${t.read}</span>`;
  if (conversation?.lastDeliveredAt !== undefined && m.timestamp <= conversation.lastDeliveredAt) {
    return html`<span class="status">${t.delivered}</span>`;
  }
  return html`<span class="status">${t.sent}</span>`;
}

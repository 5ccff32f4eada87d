import { html, nothing } from 'lit';
import type { ChatClient } from '../client/chat-client.js';
import type { Catalog } from './i18n/en.js';

/**
 * One quiet line about the connection or storage, only when something is off. Pending messages
 * mark themselves; this says why they are pending.
 */
export function statusBanner(client: ChatClient | undefined, t: Catalog) {
  if (!client) return nothing;
  const { state, storage } = client;
  let text = '';
  if (state === 'offline' || state === 'reconnecting') text = t.offline;
  else if (storage === 'memory') text = t.memoryStorage;
  if (!text) return nothing;
  return html`<p class="status-banner" part="status" role="status">${text}</p>`;
}

import { html, nothing } from 'lit';
import type { ChatClient } from '../client/chat-client.js';

/**
 * One quiet line about the connection or storage, only when something is off. Pending messages
 * mark themselves; this says why they are pending.
 */
export function statusBanner(client: ChatClient | undefined) {
  if (!client) return nothing;
  const { state, storage } = client;
  let text = '';
  if (state === 'offline' || state === 'reconnecting') text = 'Offline. Messages will be sent when the connection is back.';
  else if (storage === 'memory') text = 'This browser is not keeping chat history; it works while the page is open.';
  if (!text) return nothing;
  return html`<p class="status-banner" part="status" role="status">${text}</p>`;
}

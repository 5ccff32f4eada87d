import { html, nothing } from 'lit';
import type { ChatClient } from '../client/chat-client.js';
import type { Catalog } from './i18n/en.js';

/**
 * One quiet line about the connection or storage, only when something is off. Pending messages
 * mark themselves; this says why they are pending (`connectionLost`: see OfflineGraceController).
 * A page whose cache another tab took over (a newer widget, a sign-out), or whose one token has
 * expired, offers to reload.
 */
export function statusBanner(client: ChatClient | undefined, t: Catalog, connectionLost: boolean) {
  if (!client) return nothing;
  if (client.outdated || client.sessionExpired) {
    return html`<p class="status-banner" part="status" role="status">
      ${client.outdated ? t.outdated : t.sessionEnded} <button type="button" class="reload" @click=${() => location.reload()}>${t.reload}</button>
    </p>`;
  }
  let text = '';
  if (connectionLost) text = t.offline;
  else if (client.storage === 'memory') text = t.memoryStorage;
  if (!text) return nothing;
  return html`<p class="status-banner" part="status" role="status">${text}</p>`;
}

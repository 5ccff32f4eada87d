import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatClient } from '../../client/chat-client.js';
import { conversationTitle, formatNumber } from '../display.js';
import type { Catalog } from '../i18n/en.js';

export interface InfoPanelHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The user left the conversation: the room closes it. */
  left(cid: string): void;
}

/**
 * The header's info button and the panel it opens: the conversation's name, its members (or a
 * chat room's online count), its custom attributes, a mute switch and Leave. Escape or the close
 * button shuts it and gives the focus back to the button.
 */
export class InfoPanel {
  /** The conversation whose panel is open ('' when closed): another conversation starts closed. */
  private openFor = '';
  private error = '';
  private busy = false;

  constructor(private readonly host: InfoPanelHost) {}

  private toggle(conversation: CachedConversation): void {
    const open = this.openFor !== conversation.id;
    this.openFor = open ? conversation.id : '';
    this.error = '';
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      const target = this.host.renderRoot.querySelector<HTMLElement>(open ? '.info-panel h3' : 'button.info');
      target?.focus();
    });
  }

  private async act(work: () => Promise<unknown>, t: Catalog): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      await work();
    } catch (error) {
      const name = (error as { name?: string }).name;
      this.error = name === 'CLIENT_OFFLINE' ? t.offline : t.actionFailed(name ?? 'UNKNOWN');
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  renderToggle(conversation: CachedConversation | undefined, t: Catalog) {
    if (!conversation) return nothing;
    return html`<button
      class="info"
      part="info-button"
      type="button"
      aria-label=${t.conversationInfo}
      aria-expanded=${this.openFor === conversation.id ? 'true' : 'false'}
      aria-controls="info-panel"
      @click=${() => this.toggle(conversation)}
    >
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5">
        <circle cx="8" cy="8" r="6.75" /><path d="M8 7v4.5M8 4.5v.5" stroke-linecap="round" />
      </svg>
    </button>`;
  }

  /** `online`: a chat room's online count, when known (the room asks for it). */
  renderPanel(client: ChatClient | undefined, conversation: CachedConversation | undefined, t: Catalog, lang: string, online?: number) {
    if (!client || !conversation || this.openFor !== conversation.id) return nothing;
    const me = client.user.id;
    const nameOf = (id: string) => client.people.nameOf(id);
    const attributes = Object.entries(conversation.attributes ?? {});
    const close = () => this.toggle(conversation);
    return html`<aside
      id="info-panel"
      class="info-panel"
      part="info-panel"
      aria-labelledby="info-title"
      @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && close()}
    >
      <div class="info-head">
        <h3 id="info-title" tabindex="-1">${conversationTitle(conversation, me, nameOf)}</h3>
        <button type="button" class="close-info" aria-label=${t.close} @click=${close}><span aria-hidden="true">×</span></button>
      </div>
      ${conversation.transient
        ? online !== undefined
          ? html`<p class="online">${t.onlineCount(formatNumber(online, lang))}</p>`
          : nothing
        : html`<h4>${t.memberList} (${formatNumber(conversation.members.length, lang)})</h4>
            <ul class="members" aria-label=${t.memberList}>
              ${conversation.members.map((m) => html`<li>${nameOf(m)}${nameOf(m) === m ? nothing : html`<span class="member-id">${m}</span>`}</li>`)}
            </ul>`}
      ${attributes.length > 0
        ? html`<h4>${t.attributes}</h4>
            <dl class="attributes">
              ${attributes.map(([key, value]) => html`<dt>${key}</dt><dd>${typeof value === 'string' ? value : JSON.stringify(value)}</dd>`)}
            </dl>`
        : nothing}
      ${conversation.transient || conversation.system
        ? nothing
        : html`<label class="mute">
            <input
              type="checkbox"
              role="switch"
              .checked=${conversation.muted}
              ?disabled=${this.busy}
              @change=${(event: Event) => {
                const on = (event.target as HTMLInputElement).checked;
                void this.act(() => (on ? client.conversations.mute(conversation.id) : client.conversations.unmute(conversation.id)), t);
              }}
            />
            ${t.mute}
          </label>`}
      ${this.error ? html`<p class="info-error" role="alert">${this.error}</p>` : nothing}
      <button
        type="button"
        class="leave"
        ?disabled=${this.busy}
        @click=${() =>
          this.act(async () => {
            await client.conversations.quit(conversation.id);
            this.openFor = '';
            this.host.left(conversation.id);
          }, t)}
      >
        ${t.leave}
      </button>
    </aside>`;
  }
}

import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CachedConversation } from '../../client/cache-db.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { formatNumber } from '../display.js';
import '../chat-room/chat-room.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { LiveQueryController } from '../live-query-controller.js';
import { themeTokens } from '../theme.js';
import { supportChatStyles } from './support-chat.styles.js';

/**
 * A floating launcher that opens one conversation in a panel: the embeddable form of
 * `<chat-room>`. Uses the surrounding `<chat-client>` if there is one, else connects itself
 * with `server` and `token`. The launcher shows the unread count while the panel is closed.
 *
 * @attr server - the Parley server URL (when not inside a `<chat-client>`)
 * @attr token - the user's token (when not inside a `<chat-client>`)
 * @attr conversation - the conversation to open
 * @attr heading - the panel title (default: "Chat with us" in the reader's language)
 * @attr open - whether the panel is open
 * @attr theme - `light`, `dark` or `auto` (follows the system)
 * @attr lang - the language (default: the page's)
 * @csspart panel - the open chat panel
 * @csspart launcher - the round button
 * @cssprop --chat-z-index - stacking order of the launcher and panel
 */
@customElement('support-chat')
export class SupportChat extends ChatConsumerElement {
  static override styles = [themeTokens, supportChatStyles];

  @property() conversation = '';
  @property() heading = '';
  @property({ type: Boolean, reflect: true }) open = false;

  private readonly record = new LiveQueryController<CachedConversation | undefined>(
    this,
    () => (this.conversation ? this.chat?.watchConversation(this.conversation) : undefined),
    () => [this.chat, this.conversation],
  );
  private readonly locale = new LocaleController(this);

  protected override render() {
    const unread = this.record.value?.unreadMessagesCount ?? 0;
    const { t, lang } = this.locale;
    const heading = this.heading || t.chatWithUs;
    return html`
      <section class="panel" part="panel" role="dialog" aria-label=${heading} ?hidden=${!this.open} @keydown=${this.onKeydown}>
        <div class="bar">
          <h2>${heading}</h2>
          <button aria-label=${t.closeChat} @click=${() => this.toggle(false)}>×</button>
        </div>
        ${this.open ? html`<chat-room .client=${this.chat} conversation=${this.conversation} lang=${lang} theme=${this.theme}></chat-room>` : nothing}
      </section>
      <button
        class="launcher"
        part="launcher"
        aria-label=${unread > 0 ? t.launcherUnread(heading, formatNumber(unread, lang)) : heading}
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => this.toggle(!this.open)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
        </svg>
        ${unread > 0 ? html`<span class="badge" aria-hidden="true">${formatNumber(unread, lang)}</span>` : nothing}
      </button>
    `;
  }

  private toggle(open: boolean): void {
    this.open = open;
    void this.updateComplete.then(() => {
      const target = open
        ? this.renderRoot.querySelector('chat-room')?.shadowRoot?.querySelector('textarea')
        : this.renderRoot.querySelector<HTMLButtonElement>('.launcher');
      target?.focus();
    });
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.toggle(false);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}

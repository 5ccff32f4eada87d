import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CachedConversation } from '../../client/cache-db.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { conversationTitle, formatNumber, initials, shortTime } from '../display.js';
import { ChatSelectEvent } from '../events.js';
import { ConnectionController } from '../connection-controller.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { localSummary } from '../i18n/summary.js';
import { LiveQueryController } from '../live-query-controller.js';
import { statusBanner } from '../status-banner.js';
import { themeTokens } from '../theme.js';
import { chatListStyles } from './chat-list.styles.js';

/**
 * The user's conversations, most recently active first, with the last message, its time and
 * the unread count. Shows the cache at once and updates live.
 *
 * @attr for - id of a `<chat-room>` in the same document to open the selected conversation in
 * @attr selected - id of the selected conversation
 * @fires chat-select - a conversation was chosen (`conversationId`)
 * @attr theme - `light`, `dark` or `auto` (follows the system)
 * @attr lang - the language (default: the page's)
 * @csspart heading - the title line
 * @csspart list - the list of conversations
 * @csspart item - one conversation row
 * @csspart avatar - a conversation's avatar
 * @csspart badge - the unread count
 */
@customElement('chat-list')
export class ChatList extends ChatConsumerElement {
  static override styles = [themeTokens, chatListStyles];

  @property({ reflect: true }) selected = '';
  @property({ attribute: 'for' }) roomId = '';

  // Re-renders the status banner when the connection changes.
  private readonly connection = new ConnectionController(this, () => this.chat);
  private readonly locale = new LocaleController(this);
  private readonly conversations = new LiveQueryController<CachedConversation[]>(
    this,
    () => this.chat?.watchConversations(),
    () => [this.chat],
  );

  protected override render() {
    const items = this.conversations.value;
    const me = this.chat?.user.id ?? '';
    const { t, lang } = this.locale;
    return html`
      <header id="heading" part="heading">${t.conversations}</header>
      ${statusBanner(this.chat, t)}
      ${items && items.length === 0 ? html`<p class="empty">${t.noConversations}</p>` : nothing}
      <ul part="list" role="listbox" aria-labelledby="heading" @keydown=${this.onKeydown}>
        ${repeat(
          items ?? [],
          (c) => c.id,
          (c, index) => {
            const title = conversationTitle(c, me);
            const selected = c.id === this.selected;
            const tabbable = selected || (!this.selected && index === 0);
            return html`<li
              part="item"
              role="option"
              data-id=${c.id}
              aria-selected=${selected ? 'true' : 'false'}
              tabindex=${tabbable ? 0 : -1}
              @click=${() => this.select(c.id)}
            >
              <span class="avatar" part="avatar" aria-hidden="true">${initials(title)}</span>
              <span class="title">${title}</span>
              ${c.lastMessageAt ? html`<time datetime=${new Date(c.lastMessageAt).toISOString()}>${shortTime(c.lastMessageAt, lang)}</time>` : nothing}
              <span class="preview">${this.preview(c, me)}</span>
              ${c.unreadMessagesCount > 0
                ? html`<span part="badge" class="badge ${c.unreadMessagesMentioned ? 'mentioned' : ''}"
                    aria-label=${t.unread(formatNumber(c.unreadMessagesCount, lang), c.unreadMessagesMentioned === true)}
                    >${c.unreadMessagesMentioned ? '@ ' : ''}${formatNumber(c.unreadMessagesCount, lang)}</span
                  >`
                : nothing}
            </li>`;
          },
        )}
      </ul>
    `;
  }

  private preview(c: CachedConversation, me: string): string {
    const last = c.lastMessage;
    if (!last) return '';
    const text = localSummary(last, this.locale.t);
    return last.from === me ? this.locale.t.you(text) : text;
  }

  private select(id: string): void {
    this.selected = id;
    this.dispatchEvent(new ChatSelectEvent(id));
    if (this.roomId) {
      const room = (this.getRootNode() as Document | ShadowRoot).getElementById(this.roomId);
      if (room) room.setAttribute('conversation', id);
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    const options = [...this.renderRoot.querySelectorAll<HTMLElement>('li[role="option"]')];
    const current = options.indexOf(event.target as HTMLElement);
    if (current < 0) return;
    const move = (to: number) => {
      event.preventDefault();
      const target = options[Math.max(0, Math.min(options.length - 1, to))]!;
      options.forEach((o) => (o.tabIndex = o === target ? 0 : -1));
      target.focus();
    };
    if (event.key === 'ArrowDown') move(current + 1);
    else if (event.key === 'ArrowUp') move(current - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(options.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.select(options[current]!.dataset.id!);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-list': ChatList;
  }
}

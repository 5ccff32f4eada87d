import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ConversationKind, ConversationRecord } from '../../protocol/model.js';
import { DEFAULT_LIMITS } from '../../protocol/limits.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { avatarUrl, conversationTitle, formatNumber, initials, peerOf, shortTime } from '../display.js';
import { ChatSelectEvent } from '../events.js';
import { ClientEventsController } from '../client-events-controller.js';
import { OfflineGraceController } from '../offline-grace-controller.js';
import { BLANK, FormatsController } from '../formats-controller.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { localSummary } from '../i18n/summary.js';
import { statusBanner } from '../status-banner.js';
import { themeTokens } from '../theme.js';
import { TypingIndicator } from '../chat-room/typing-indicator.js';
import { chatListStyles } from './chat-list.styles.js';
import { ConversationSource } from './conversation-source.js';
import { ListDialogs, type ListDialogsHost } from './list-dialogs.js';

/** How far from the end of the list (px) the next page starts loading. */
const LOAD_AHEAD = 200;
const SEARCH_DELAY_MS = 200;

/**
 * The user's conversations, most recently active first, with the last message, its time, the
 * unread count and an @-mention marker. Shows the cache at once and updates live; loads more as
 * it is scrolled. Searches by name or member (the cache at once, then the server), filters
 * unread, mentions and kind, and starts a conversation or joins a chat room.
 *
 * @attr for - id of a `<chat-room>` in the same document to open the selected conversation in
 * @attr selected - id of the selected conversation
 * @attr page-size - conversations loaded per page while scrolling (default 30)
 * @fires chat-select - a conversation was chosen (`conversationId`)
 * @attr theme - `light`, `dark` or `auto` (follows the system)
 * @attr lang - the language (default: the page's)
 * @csspart heading - the title line
 * @csspart action - the new-conversation and join-chat-room buttons
 * @csspart search - the search box
 * @csspart filters - the filter bar
 * @csspart list - the list of conversations
 * @csspart item - one conversation row
 * @csspart avatar - a conversation's avatar: the picture in its `avatar` attribute (an http(s) URL), else initials
 * @csspart badge - the unread count
 * @csspart mention - also on the badge when an unread message @-mentions the user
 * @csspart dialog - the new-conversation and join-chat-room dialogs
 */
@customElement('chat-list')
export class ChatList extends ChatConsumerElement implements ListDialogsHost {
  static override styles = [themeTokens, chatListStyles];

  @property({ reflect: true }) selected = '';
  @property({ attribute: 'for' }) roomId = '';
  @property({ type: Number, attribute: 'page-size' }) pageSize = 30;

  // Re-renders the status banner when the connection changes, and names as they arrive.
  private readonly clientEvents = new ClientEventsController(this, () => this.chat, ['statechange', 'profilesupdate', 'outdated', 'sessionexpired']);
  private readonly offlineGrace = new OfflineGraceController(this, () => this.chat);
  private readonly locale = new LocaleController(this);
  private readonly formats = new FormatsController(this, () => this.locale.lang);
  private readonly source = new ConversationSource(this, () => this.chat, () => this.pageSize);
  private readonly dialogs = new ListDialogs(this);
  private readonly typing = new TypingIndicator(this);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page: the typing watch is renewed in the next update.
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    this.typing.watch(this.isConnected ? this.chat : undefined);
  }

  protected override updated(): void {
    // A short or filtered page may not fill the list: keep loading until it does.
    requestAnimationFrame(() => this.loadMoreIfNearEnd(false));
  }

  protected override render() {
    const items = this.source.items;
    const me = this.chat?.user.id ?? '';
    const { t } = this.locale;
    const { filters } = this.source;
    const listed = items?.some((c) => c.id === this.selected) === true;
    const filtered = this.source.searching || filters.unread || filters.mentions || filters.kind !== '';
    const kinds: [ConversationKind | '', string][] = [
      ['', t.kindAll],
      ['normal', t.kindNormal],
      ['transient', t.kindTransient],
      ['system', t.kindSystem],
      ['temporary', t.kindTemporary],
    ];
    return html`
      <div class="bar">
        <header id="heading" part="heading">${t.conversations}</header>
        ${this.dialogs.renderButtons(t)}
      </div>
      ${statusBanner(this.chat, t, this.offlineGrace.connectionLost)}
      <div class="tools">
        <input
          part="search"
          type="search"
          aria-label=${t.searchConversations}
          placeholder=${t.searchConversations}
          maxlength=${DEFAULT_LIMITS.maxNameLength}
          autocomplete="off"
          .value=${filters.search}
          @input=${this.onSearchInput}
        />
        <div class="filters" part="filters" role="group" aria-label=${t.filters}>
          <button type="button" class="filter unread" aria-pressed=${filters.unread ? 'true' : 'false'} @click=${() => this.setFilter({ unread: !filters.unread })}>
            ${t.filterUnread}
          </button>
          <button type="button" class="filter mentions" aria-pressed=${filters.mentions ? 'true' : 'false'} @click=${() => this.setFilter({ mentions: !filters.mentions })}>
            ${t.filterMentions}
          </button>
          <select aria-label=${t.kind} @change=${(e: Event) => this.setFilter({ kind: (e.target as HTMLSelectElement).value as ConversationKind | '' })}>
            ${kinds.map(([value, label]) => html`<option value=${value} ?selected=${filters.kind === value}>${label}</option>`)}
          </select>
        </div>
      </div>
      ${items && items.length === 0 && !this.source.loading ? html`<p class="empty">${filtered ? t.noMatches : t.noConversations}</p>` : nothing}
      <ul part="list" role="listbox" aria-labelledby="heading" aria-busy=${this.source.loading ? 'true' : 'false'} @keydown=${this.onKeydown} @scroll=${() => this.loadMoreIfNearEnd(true)}>
        ${repeat(items ?? [], (c) => c.id, (c, index) => this.renderItem(c, index, me, listed))}
      </ul>
      ${this.source.loading ? html`<p class="loading" role="status">${t.loading}</p>` : nothing}
      ${this.dialogs.renderDialogs(t)}
    `;
  }

  /** `listed`: the selected conversation is in the list (else the first row takes the focus). */
  private renderItem(c: CachedConversation, index: number, me: string, listed: boolean) {
    const { t, lang } = this.locale;
    const title = conversationTitle(c, me, this.nameOf);
    const selected = c.id === this.selected;
    const tabbable = selected || (!listed && index === 0);
    const unread = c.unreadMessagesCount > 0;
    const mentioned = unread && c.unreadMessagesMentioned === true;
    // The first paint shows the count plainly (see FormatsController).
    const count = this.formats.ready ? formatNumber(c.unreadMessagesCount, lang) : String(c.unreadMessagesCount);
    return html`<li
      part="item"
      role="option"
      data-id=${c.id}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${tabbable ? 0 : -1}
      @click=${() => this.select(c.id)}
    >
      <span class="avatar" part="avatar" aria-hidden="true">${initials(title)}${this.renderPicture(c, me)}</span>
      <span class="title">${title}${c.muted ? html`<span class="muted-mark" title=${t.muted}><svg aria-hidden="true" width="12" height="12" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"><path d="M4 11V7a4 4 0 0 1 6.5-3.1M12 7v4l1 1H5M6.5 14h3M2 2l12 12" /></svg><span class="visually-hidden">${t.muted}</span></span>` : nothing}</span>
      ${c.lastMessageAt ? html`<time datetime=${new Date(c.lastMessageAt).toISOString()}>${this.formats.ready ? shortTime(c.lastMessageAt, lang, this.chat?.now()) : BLANK}</time>` : nothing}
      ${this.renderPreview(c, me)}
      ${unread
        ? html`<span part="badge${mentioned ? ' mention' : ''}" class="badge ${mentioned ? 'mentioned' : ''}"
            aria-label=${t.unread(count, mentioned)}
            >${mentioned ? '@ ' : ''}${count}</span
          >`
        : nothing}
    </li>`;
  }

  /** The last message, or who is typing right now. */
  private renderPreview(c: CachedConversation, me: string) {
    const { t, lang } = this.locale;
    const typing = this.typing.text(c.id, t, lang, this.nameOf);
    if (typing) return html`<span class="preview typing">${typing}</span>`;
    const last = c.lastMessage;
    const text = last ? localSummary(last, t) : '';
    if (last?.from === me) return html`<span class="preview">${t.you(text)}</span>`;
    // In a group, whose message it was; in a 1:1 or a service conversation the title says it.
    const group = (c.transient || c.members.length > 2) && !c.system;
    return html`<span class="preview">${last && group ? t.saidBy(this.nameOf(last.from), text) : text}</span>`;
  }

  private onSearchInput(event: Event): void {
    const search = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    // Typing settles before the server is asked.
    this.searchTimer = setTimeout(() => this.setFilter({ search }), SEARCH_DELAY_MS);
  }

  private setFilter(change: Partial<ConversationSource['filters']>): void {
    this.source.setFilters({ ...this.source.filters, ...change });
  }

  /** `retry`: the user scrolled, so a page that failed before is asked for again. */
  private loadMoreIfNearEnd(retry: boolean): void {
    const list = this.renderRoot.querySelector('ul');
    if (!list || this.source.loading || !this.source.hasMore) return;
    if (list.scrollTop + list.clientHeight >= list.scrollHeight - LOAD_AHEAD) void this.source.loadMore(retry);
  }

  dialogContext() {
    return { client: this.chat, t: this.locale.t };
  }

  /** The conversation's picture over its initials; a picture that fails to load leaves the initials. */
  private renderPicture(c: CachedConversation, me: string) {
    const peer = peerOf(c, me);
    const url = avatarUrl(c, peer === undefined ? undefined : this.chat?.people.profileOf(peer));
    if (!url) return nothing;
    return html`<img
      src=${url}
      alt=""
      loading="lazy"
      referrerpolicy="no-referrer"
      @error=${(event: Event) => ((event.target as HTMLImageElement).hidden = true)}
    />`;
  }

  /** Puts the keyboard on the list's current conversation: the selected one, else the first. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLElement>('li[role="option"][tabindex="0"]')?.focus(options);
  }

  opened(conversation: ConversationRecord): void {
    this.select(conversation.id);
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

import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageRecord } from '../../protocol/model.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { conversationTitle, formatNumber } from '../display.js';
import { ChatMessageEvent } from '../events.js';
import { ConnectionController } from '../connection-controller.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { LiveQueryController } from '../live-query-controller.js';
import { statusBanner } from '../status-banner.js';
import { themeTokens } from '../theme.js';
import { chatRoomStyles } from './chat-room.styles.js';
import { type LightboxImage, renderLightbox } from './lightbox.js';
import { draftKey, loadDraft, saveDraft } from './drafts.js';
import { messageRows, UnreadMarker } from './message-rows.js';
import { type MessageViewContext, renderRow } from './message-view.js';
import { ScrollAnchor } from './scroll-anchor.js';
import { messageContentStyles } from './message-content.styles.js';
import { UploadController } from './upload-controller.js';

const PAGE = 50;

/**
 * One conversation: its messages (cache first, then live) and a composer. Enter sends,
 * Shift+Enter starts a new line. Messages the user sent show their status until the server
 * has them; a failed one can be sent again.
 *
 * @attr conversation - the conversation id to show
 * @fires chat-message - a message from someone else arrived here (`message`)
 * @attr theme - `light`, `dark` or `auto` (follows the system)
 * @attr lang - the language (default: the page's)
 * @csspart header - the title bar
 * @csspart log - the message list
 * @csspart message - one message (with its sender, time and status)
 * @csspart bubble - a message's content
 * @csspart composer - the message form
 * @csspart send - the send button
 */
@customElement('chat-room')
export class ChatRoom extends ChatConsumerElement {
  static override styles = [themeTokens, chatRoomStyles, messageContentStyles];

  @property({ reflect: true }) conversation = '';

  @state() private limit = PAGE;
  @state() private loadingOlder = false;
  /** Set when the server refused to open the conversation. */
  @state() private unavailable = false;
  @state() private lightbox: LightboxImage | undefined;
  /** The message the composer is editing, if any. */
  @state() private editing: ChatMessage | undefined;
  @query('.log') private log?: HTMLElement;
  @query('textarea') private input?: HTMLTextAreaElement;

  private readonly record = new LiveQueryController<CachedConversation | undefined>(
    this,
    () => (this.conversation ? this.chat?.watchConversation(this.conversation) : undefined),
    () => [this.chat, this.conversation],
  );
  private readonly messages = new LiveQueryController<ChatMessage[]>(
    this,
    () => (this.conversation ? this.chat?.watchMessages(this.conversation, this.limit) : undefined),
    () => [this.chat, this.conversation, this.limit],
  );

  // Re-renders the status banner when the connection changes.
  private readonly connection = new ConnectionController(this, () => this.chat);
  private readonly uploads = new UploadController(this);
  private readonly locale = new LocaleController(this);
  private readonly anchor = new ScrollAnchor(this, () => this.log);
  private listenedClient: ChatClient | undefined;
  private openedConversation = '';
  private readonly unreadMarker = new UnreadMarker();
  /** The conversation whose draft the composer holds. */
  private draftShownFor = '';
  /** Whether the server has answered the opening of this conversation (or could not). */
  private openSettled = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listenedClient?.removeEventListener('message', this.onClientMessage);
    this.listenedClient = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.chat;
    const clientChanged = client !== this.listenedClient;
    if (clientChanged) {
      this.listenedClient?.removeEventListener('message', this.onClientMessage);
      client?.addEventListener('message', this.onClientMessage);
      this.listenedClient = client;
    }
    if (clientChanged || this.conversation !== this.openedConversation) {
      this.openedConversation = this.conversation;
      this.limit = PAGE;
      this.unreadMarker.reset();
      this.unavailable = false;
      this.anchor.reset();
      if (client && this.conversation) this.open(client, this.conversation);
    }
    const record = this.record.value;
    const messages = this.messages.value;
    if (record?.id === this.conversation && messages) {
      const complete = (this.openSettled && messages.length > 0) || messages.length >= this.limit;
      this.unreadMarker.place(this.conversation, messages, client?.user.id ?? '', record.unreadMessagesCount, complete);
    }
  }

  protected override updated(): void {
    const input = this.input;
    if (input && this.draftShownFor !== this.conversation) {
      input.value = loadDraft(this.draftKey);
      this.draftShownFor = this.conversation;
    }
    this.markReadIfSeen();
  }

  protected override render() {
    const { t, lang } = this.locale;
    if (!this.conversation) return html`<p class="placeholder">${t.pickConversation}</p>`;
    const conversation = this.record.value;
    const me = this.chat?.user.id ?? '';
    const title = conversation ? conversationTitle(conversation, me) : '';
    const messages = this.messages.value ?? [];
    const group = (conversation?.members.length ?? 0) > 2;
    const view: MessageViewContext = {
      me,
      group,
      conversation,
      server: this.chat?.server ?? location.href,
      t,
      lang,
      openImage: (file, url) => (this.lightbox = { url, name: file.name }),
      retry: (m) => this.chat?.retry(m.clientId),
      discard: (m) => this.chat?.discard(m.clientId),
      edit: (m) => this.startEditing(m),
      recall: (m) => this.recall(m),
    };
    return html`
      <header part="header">
        <h2 id="title">${title}</h2>
        ${conversation && group ? html`<span class="meta">${t.members(formatNumber(conversation.members.length, lang))}</span>` : nothing}
      </header>
      ${statusBanner(this.chat, t)}
      ${this.unavailable ? html`<p class="error" role="alert">${t.conversationUnavailable}</p>` : nothing}
      <div class="log" part="log" role="log" aria-live="polite" aria-labelledby="title" tabindex="0" @scroll=${this.onScroll}>
        ${this.hasOlder
          ? html`<button class="older" @click=${this.loadOlder} ?disabled=${this.loadingOlder}>
              ${this.loadingOlder ? t.loading : t.loadEarlier}
            </button>`
          : nothing}
        ${repeat(messageRows(messages, this.unreadMarker.key), (row) => row.key, (row) => renderRow(row, view))}
      </div>
      ${this.anchor.arrivedBelow > 0
        ? html`<button class="new-below" part="new-messages" type="button" @click=${() => this.anchor.scrollToLatest()}>
            ${t.newMessages(formatNumber(this.anchor.arrivedBelow, lang), this.anchor.arrivedBelow)}
          </button>`
        : nothing}
      ${this.uploads.render(t)}
      ${this.editing
        ? html`<p class="editing">${t.editingMessage} <button class="link" type="button" @click=${this.stopEditing}>${t.cancel}</button></p>`
        : nothing}
      <form part="composer" @submit=${this.onSubmit}>
        <label class="attach" title=${t.attachFile}>
          <input type="file" aria-label=${t.attachFile} @change=${this.onFilePicked} ?disabled=${this.uploads.current !== undefined} />
          <span aria-hidden="true">+</span>
        </label>
        <textarea
          rows="1"
          aria-label=${t.message}
          placeholder=${t.writeMessage}
          maxlength="5000"
          @keydown=${this.onComposerKeydown}
          @input=${this.onComposerInput}
        ></textarea>
        <button class="send" part="send" type="submit">${this.editing ? t.save : t.send}</button>
      </form>
      ${renderLightbox(this.lightbox, () => (this.lightbox = undefined), t)}
    `;
  }

  private startEditing(m: ChatMessage): void {
    this.editing = m;
    if (this.input) {
      this.input.value = m.text ?? '';
      this.input.focus();
    }
  }

  private stopEditing(): void {
    this.editing = undefined;
    if (this.input) this.input.value = loadDraft(this.draftKey);
  }

  private get draftKey(): string {
    return draftKey(this.chat?.user.id ?? '', this.conversation);
  }

  private onComposerInput(): void {
    if (!this.editing && this.input) saveDraft(this.draftKey, this.input.value);
  }

  private recall(m: ChatMessage): void {
    if (m.id) this.chat?.recall(m.cid, m.id).catch(() => undefined);
  }

  private onFilePicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file && this.chat && this.conversation) void this.uploads.send(this.chat, this.conversation, file);
  }

  /** Messages are numbered from 1 without gaps, so older ones exist until seq 1 is shown. */
  private get hasOlder(): boolean {
    const first = this.messages.value?.find((m) => m.seq !== undefined);
    return first !== undefined && first.seq! > 1;
  }

  private open(client: ChatClient, cid: string): void {
    this.openSettled = false;
    client
      .openConversation(cid)
      .catch((error: { name?: string }) => {
        // Offline: the cache still shows what it has; the client catches up on reconnect.
        if (error.name === 'CLIENT_OFFLINE' || error.name === 'ACK_TIMEOUT') return;
        if (cid === this.conversation) this.unavailable = true;
      })
      .finally(() => {
        if (cid !== this.conversation) return;
        this.openSettled = true;
        this.requestUpdate();
      });
  }

  private async loadOlder(): Promise<void> {
    const client = this.chat;
    if (!client || this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      const shown = this.messages.value?.filter((m) => m.seq !== undefined).length ?? 0;
      // Grow the window over what the cache already holds before asking the server.
      if (shown >= this.limit) {
        this.anchor.holdForOlder();
        this.limit += PAGE;
        return;
      }
      await client.loadOlder(this.conversation);
      this.anchor.holdForOlder();
      this.limit += PAGE;
    } catch {
      // Offline: the button stays for another try.
    } finally {
      this.loadingOlder = false;
    }
  }

  private onScroll(): void {
    if (this.anchor.scrolled() && this.hasOlder) void this.loadOlder();
    this.markReadIfSeen();
  }

  private markReadIfSeen(): void {
    const unread = this.record.value?.unreadMessagesCount ?? 0;
    // Not before the separator has its place: marking read first would leave nothing to mark.
    if (unread > 0 && this.unreadMarker.isPlaced(this.conversation) && this.anchor.stuck && document.visibilityState === 'visible') {
      void this.chat?.markRead(this.conversation).catch(() => undefined);
    }
  }

  private onComposerKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.sendDraft();
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    this.sendDraft();
  }

  private sendDraft(): void {
    const input = this.input;
    const client = this.chat;
    if (!input || !client || !this.conversation) return;
    const text = input.value;
    if (!text.trim()) return;
    const editing = this.editing;
    input.value = editing ? loadDraft(this.draftKey) : '';
    if (editing?.id) {
      this.editing = undefined;
      client.update(editing.cid, editing.id, { text }).catch(() => undefined);
      return;
    }
    saveDraft(this.draftKey, '');
    this.anchor.stuck = true;
    void client.send(this.conversation, text);
  }

  private readonly onClientMessage = (event: Event) => {
    const message = (event as CustomEvent<MessageRecord>).detail;
    if (message.cid !== this.conversation) return;
    if (message.from !== this.chat?.user.id) this.anchor.arrived();
    this.dispatchEvent(new ChatMessageEvent(message));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-room': ChatRoom;
  }
}

import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageRecord } from '../../protocol/model.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { conversationTitle, shortTime } from '../display.js';
import { ChatMessageEvent } from '../events.js';
import { ConnectionController } from '../connection-controller.js';
import { LiveQueryController } from '../live-query-controller.js';
import { statusBanner } from '../status-banner.js';
import { themeTokens } from '../theme.js';
import { chatRoomStyles } from './chat-room.styles.js';
import { type LightboxImage, renderLightbox } from './lightbox.js';
import { renderContent } from './message-content.js';
import { messageContentStyles } from './message-content.styles.js';
import { UploadController } from './upload-controller.js';

const PAGE = 50;
/** Pixels from the bottom that still count as "at the bottom". */
const STICK_THRESHOLD = 48;

/**
 * One conversation: its messages (cache first, then live) and a composer. Enter sends,
 * Shift+Enter starts a new line. Messages the user sent show their status until the server
 * has them; a failed one can be sent again.
 *
 * @attr conversation - the conversation id to show
 * @fires chat-message - a message from someone else arrived here (`message`)
 * @csspart header - the title bar
 * @csspart log - the message list
 * @csspart composer - the message form
 */
@customElement('chat-room')
export class ChatRoom extends ChatConsumerElement {
  static override styles = [themeTokens, chatRoomStyles, messageContentStyles];

  @property({ reflect: true }) conversation = '';

  @state() private limit = PAGE;
  @state() private loadingOlder = false;
  @state() private openError = '';
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
  private stickToBottom = true;
  private heightBeforeOlder: number | undefined;
  private listenedClient: ChatClient | undefined;
  private openedConversation = '';

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
      this.openError = '';
      this.stickToBottom = true;
      if (client && this.conversation) this.open(client, this.conversation);
    }
  }

  protected override updated(): void {
    const log = this.log;
    if (!log) return;
    if (this.heightBeforeOlder !== undefined) {
      // Older messages went in above: keep what the reader was looking at in place.
      log.scrollTop += log.scrollHeight - this.heightBeforeOlder;
      this.heightBeforeOlder = undefined;
    } else if (this.stickToBottom) {
      log.scrollTop = log.scrollHeight;
    }
    this.markReadIfSeen();
  }

  protected override render() {
    if (!this.conversation) return html`<p class="placeholder">Pick a conversation.</p>`;
    const conversation = this.record.value;
    const me = this.chat?.user.id ?? '';
    const title = conversation ? conversationTitle(conversation, me) : '';
    const messages = this.messages.value ?? [];
    const group = (conversation?.members.length ?? 0) > 2;
    return html`
      <header part="header">
        <h2 id="title">${title}</h2>
        ${conversation && group ? html`<span class="meta">${conversation.members.length} members</span>` : nothing}
      </header>
      ${statusBanner(this.chat)}
      ${this.openError ? html`<p class="error" role="alert">${this.openError}</p>` : nothing}
      <div class="log" part="log" role="log" aria-live="polite" aria-labelledby="title" tabindex="0" @scroll=${this.onScroll}>
        ${this.hasOlder
          ? html`<button class="older" @click=${this.loadOlder} ?disabled=${this.loadingOlder}>
              ${this.loadingOlder ? 'Loading…' : 'Load earlier messages'}
            </button>`
          : nothing}
        ${repeat(messages, (m) => m.key, (m) => this.renderMessage(m, me, group))}
      </div>
      ${this.uploads.render()}
      ${this.editing
        ? html`<p class="editing">Editing a message <button class="link" type="button" @click=${this.stopEditing}>Cancel</button></p>`
        : nothing}
      <form part="composer" @submit=${this.onSubmit}>
        <label class="attach" title="Attach a file">
          <input type="file" aria-label="Attach a file" @change=${this.onFilePicked} ?disabled=${this.uploads.current !== undefined} />
          <span aria-hidden="true">+</span>
        </label>
        <textarea
          rows="1"
          aria-label="Message"
          placeholder="Write a message"
          maxlength="5000"
          @keydown=${this.onComposerKeydown}
        ></textarea>
        <button class="send" type="submit">${this.editing ? 'Save' : 'Send'}</button>
      </form>
      ${renderLightbox(this.lightbox, () => (this.lightbox = undefined))}
    `;
  }

  private renderMessage(m: ChatMessage, me: string, group: boolean) {
    const mine = m.from === me;
    const server = this.chat?.server ?? location.href;
    const openImage = (file: { name: string }, url: string) => (this.lightbox = { url, name: file.name });
    return html`<div class="message ${mine ? 'mine' : ''} ${m.status} ${m.mentioned ? 'mentioned' : ''}" data-key=${m.key} data-type=${m.type}>
      ${group && !mine ? html`<span class="sender">${m.from}</span>` : nothing}
      <div class="bubble">${renderContent(m, { server, openImage })}</div>
      <div class="info">
        <time datetime=${new Date(m.timestamp).toISOString()}>${shortTime(m.timestamp)}</time>
        ${m.updatedAt !== undefined && m.type !== -127 ? html`<span class="edited">edited</span>` : nothing}
        ${mine ? this.renderStatus(m) : nothing}
        ${this.canChange(m, mine) ? this.renderActions(m) : nothing}
      </div>
    </div>`;
  }

  private renderStatus(m: ChatMessage) {
    if (m.status === 'sending') return html`<span class="status">Sending…</span>`;
    if (m.status === 'failed') {
      return html`<span class="status">Not sent</span>
        <button class="link" @click=${() => this.chat?.retry(m.clientId)}>Retry</button>
        <button class="link" @click=${() => this.chat?.discard(m.clientId)}>Delete</button>`;
    }
    // 1:1 conversations know how far the other member got.
    const conversation = this.record.value;
    if (conversation?.lastReadAt !== undefined && m.timestamp <= conversation.lastReadAt) return html`<span class="status">Read</span>`;
    if (conversation?.lastDeliveredAt !== undefined && m.timestamp <= conversation.lastDeliveredAt) {
      return html`<span class="status">Delivered</span>`;
    }
    return html`<span class="status">Sent</span>`;
  }

  /** The sender may change their own messages; in a group, owners and managers may change anyone's. */
  private canChange(m: ChatMessage, mine: boolean): boolean {
    if (m.status !== 'sent' || !m.id || m.type === -127) return false;
    const conversation = this.record.value;
    const moderator = conversation?.role === 'owner' || conversation?.role === 'manager';
    return mine || (moderator && conversation.members.length > 2);
  }

  private renderActions(m: ChatMessage) {
    return html`${m.type === -1 && m.from === this.chat?.user.id
        ? html`<button class="link edit" type="button" @click=${() => this.startEditing(m)}>Edit</button>`
        : nothing}
      <button class="link recall" type="button" @click=${() => this.recall(m)}>Recall</button>`;
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
    if (this.input) this.input.value = '';
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
    client.openConversation(cid).catch((error: { name?: string }) => {
      // Offline: the cache still shows what it has; the client catches up on reconnect.
      if (error.name === 'CLIENT_OFFLINE' || error.name === 'ACK_TIMEOUT') return;
      if (cid === this.conversation) this.openError = 'This conversation is not available.';
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
        this.heightBeforeOlder = this.log?.scrollHeight;
        this.limit += PAGE;
        return;
      }
      await client.loadOlder(this.conversation);
      this.heightBeforeOlder = this.log?.scrollHeight;
      this.limit += PAGE;
    } catch {
      // Offline: the button stays for another try.
    } finally {
      this.loadingOlder = false;
    }
  }

  private onScroll(): void {
    const log = this.log!;
    this.stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_THRESHOLD;
    if (log.scrollTop === 0 && this.hasOlder) void this.loadOlder();
    this.markReadIfSeen();
  }

  private markReadIfSeen(): void {
    const unread = this.record.value?.unreadMessagesCount ?? 0;
    if (unread > 0 && this.stickToBottom && document.visibilityState === 'visible') {
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
    input.value = '';
    const editing = this.editing;
    if (editing?.id) {
      this.editing = undefined;
      client.update(editing.cid, editing.id, { text }).catch(() => undefined);
      return;
    }
    this.stickToBottom = true;
    void client.send(this.conversation, text);
  }

  private readonly onClientMessage = (event: Event) => {
    const message = (event as CustomEvent<MessageRecord>).detail;
    if (message.cid === this.conversation) this.dispatchEvent(new ChatMessageEvent(message));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-room': ChatRoom;
  }
}

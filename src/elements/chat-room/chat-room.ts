import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
// lit-html is held at 3.3.0 (package.json): 3.3.1–3.3.3 leave a comment node behind for every row
// repeat() removes (lit/lit#5298), without bound as the message window slides.
import { repeat } from 'lit/directives/repeat.js';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatMessage } from '../../client/chat-message.js';
import { ChatError } from '../../protocol/chat-error.js';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageRecord } from '../../protocol/model.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import { conversationTitle, formatNumber, peerOf } from '../display.js';
import { ChatMessageEvent } from '../events.js';
import { ClientEventsController } from '../client-events-controller.js';
import { OfflineGraceController } from '../offline-grace-controller.js';
import { FormatsController } from '../formats-controller.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { LiveQueryController, samePlainData } from '../live-query-controller.js';
import { statusBanner } from '../status-banner.js';
import { themeTokens } from '../theme.js';
import { chatRoomStyles } from './chat-room.styles.js';
import { type LightboxImage, renderLightbox } from './lightbox.js';
import { Composer, type ComposerHost } from './composer.js';
import { composerStyles } from './composer.styles.js';
import { InfoPanel, type InfoPanelHost } from './info-panel.js';
import { menuBeside, showActionsMenu } from './message-actions.js';
import { infoPanelStyles } from './info-panel.styles.js';
import { isTypingSignal } from './typing-indicator.js';
import { messageRows, UnreadMarker } from './message-rows.js';
import { type MessageViewContext, renderRow } from './message-view.js';
import { PolledAnswer } from './polled-answer.js';
import { ScrollAnchor } from './scroll-anchor.js';
import { TimelineWindow } from './timeline-window.js';
import { messageContentStyles } from './message-content.styles.js';

/** The longest the first render waits for the cache (see scheduleUpdate). */
const FIRST_RENDER_WAIT_MS = 100;

/**
 * One conversation: its messages (cache first, then live) and a composer. Enter sends,
 * Shift+Enter starts a new line. Messages the user sent show their status until the server
 * has them; a failed one can be sent again. The composer completes @mentions, signals typing
 * and takes files by button, paste or drop; each message has an actions menu (reply, copy,
 * edit, recall); the header opens an info panel (members, details, mute, leave).
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
 * @csspart typing - the "X is typing…" line
 * @csspart drop-zone - the overlay shown while a file is dragged over the room
 * @csspart actions-menu - a message's actions menu
 * @csspart info-button - the header's info button
 * @csspart info-panel - the conversation info panel
 * @slot header-start - before the title: e.g. a back button where the room takes the whole screen
 * @slot header-end - after the info button: the app's own actions for the conversation
 */
@customElement('chat-room')
export class ChatRoom extends ChatConsumerElement implements ComposerHost, InfoPanelHost {
  static override styles = [themeTokens, chatRoomStyles, messageContentStyles, composerStyles, infoPanelStyles];

  @property({ reflect: true }) conversation = '';

  @state() private loadingOlder = false;
  /** Set when the server refused to open the conversation. */
  @state() private unavailable = false;
  @state() private lightbox: LightboxImage | undefined;
  /** The message whose actions menu is open (its key). */
  @state() private actionsOpen: string | undefined;
  @query('.log') private log?: HTMLElement;

  private readonly record = new LiveQueryController<CachedConversation | undefined>(
    this,
    () => (this.conversation ? this.chat?.watchConversation(this.conversation) : undefined),
    () => [this.chat, this.conversation],
    {
      prime: () => (this.conversation ? this.chat?.readConversation(this.conversation) : undefined),
      equals: samePlainData,
    },
  );

  // Re-renders the status banner when the connection changes, and names as they arrive.
  private readonly clientEvents = new ClientEventsController(this, () => this.chat, ['statechange', 'profilesupdate', 'outdated', 'sessionexpired']);
  private readonly offlineGrace = new OfflineGraceController(this, () => this.chat);
  private readonly composer = new Composer(this);
  private readonly info = new InfoPanel(this);
  /** Whether the other person of a 1:1 conversation is online. */
  private readonly peer = new PolledAnswer(this, async (client, peer) => (await client.online([peer])).includes(peer));
  /** How many people are in a chat room. */
  private readonly roomCount = new PolledAnswer(this, (client, cid) => client.conversations.count(cid));
  private readonly locale = new LocaleController(this);
  private readonly timeline = new TimelineWindow(this, () => this.chat, () => this.conversation);
  private readonly formats = new FormatsController(this, () => this.locale.lang);
  private readonly anchor = new ScrollAnchor(
    this,
    () => this.log,
    () => this.timeline.atNewest,
    () => this.timeline.showNewest(),
  );
  private listenedClient: ChatClient | undefined;
  private openedConversation = '';
  private readonly unreadMarker = new UnreadMarker();
  /** Whether the server has answered the opening of this conversation (or could not). */
  private openSettled = false;
  /** The opening failed for want of a connection: it is asked again once online. */
  private openWhenOnline = false;

  /**
   * The first render waits, briefly, for the cache: one layout with the conversation and its
   * messages rather than an empty one first and a second when they arrive. The server is asked
   * to open the conversation meanwhile, not after.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      this.followConversation();
      const read = Promise.all([this.record.answered(), this.timeline.answered()]);
      await Promise.race([read, new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]);
    }
    super.scheduleUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listenedClient?.removeEventListener('message', this.onClientMessage);
    this.listenedClient = undefined;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    this.followConversation();
    const client = this.chat;
    const record = this.record.value;
    const shown = record?.id === this.conversation ? record : undefined;
    this.peer.track(client, peerOf(shown, client?.user.id));
    this.roomCount.track(client, shown?.transient ? shown.id : undefined);
    const messages = this.timeline.value?.messages;
    if (record?.id === this.conversation && messages) {
      const complete = (this.openSettled && messages.length > 0) || messages.length >= this.timeline.size;
      this.unreadMarker.place(this.conversation, messages, client?.user.id ?? '', record.unreadMessagesCount, complete);
    }
  }

  protected override updated(): void {
    this.followReader();
    this.markReadIfSeen();
  }

  protected override render() {
    const { t, lang } = this.locale;
    if (!this.conversation) return html`<p class="placeholder">${t.pickConversation}</p>`;
    const conversation = this.record.value;
    const me = this.chat?.user.id ?? '';
    const title = conversation ? conversationTitle(conversation, me, this.nameOf) : '';
    const window = this.timeline.value;
    const group = (conversation?.members.length ?? 0) > 2;
    const below = this.anchor.arrivedBelow;
    // "N new messages" below the reader, or empty.
    const arrived = below > 0 ? t.newMessages(this.count(below), below) : '';
    const formats = this.formats;
    const view: MessageViewContext = {
      me,
      namesSenders: group || conversation?.transient === true,
      nameOf: this.nameOf,
      conversation,
      server: this.chat?.server ?? location.href,
      total: window?.high ?? 0,
      now: this.chat?.now() ?? Date.now(),
      t,
      lang,
      // Read by the rows that format something: an empty log does not make the formatters.
      get formatsReady() {
        return formats.ready;
      },
      openImage: (file, url) => (this.lightbox = { url, name: file.name }),
      retry: (m) => this.chat?.retry(m.clientId),
      discard: (m) => this.chat?.discard(m.clientId),
      edit: (m) => this.composer.startEditing(m),
      reply: (m) => this.composer.startReply(m),
      recall: (m) => this.recall(m),
      actionsOpen: this.actionsOpen,
      toggleActions: (m, button) => void this.toggleActions(m, button),
      actionsClosed: (m) => {
        if (this.actionsOpen === m.key) this.actionsOpen = undefined;
      },
    };
    return html`
      <header part="header">
        <slot name="header-start"></slot>
        <h2 id="title">${title}</h2>
        ${conversation && group ? html`<span class="meta">${t.members(this.count(conversation.members.length))}</span>` : nothing}
        ${this.roomCount.value === undefined ? nothing : html`<span class="meta">${t.onlineCount(this.count(this.roomCount.value))}</span>`}
        ${this.peer.value === undefined
          ? nothing
          : html`<span class="meta presence" part="presence" data-online=${this.peer.value}>${this.peer.value ? t.peerOnline : t.peerOffline}</span>`}
        ${this.info.renderToggle(conversation, t)}
        <slot name="header-end"></slot>
      </header>
      ${this.info.renderPanel(this.chat, conversation, t, lang, this.roomCount.value)}
      ${statusBanner(this.chat, t, this.offlineGrace.connectionLost)}
      ${this.unavailable ? html`<p class="error" role="alert">${t.conversationUnavailable}</p>` : nothing}
      <div class=${this.anchor.stuck ? 'log following' : 'log'} part="log" role="log" aria-live="polite" aria-labelledby="title" tabindex="0" @scroll=${this.onScroll} @keydown=${this.onLogKeydown}>
        ${this.timeline.hasOlder
          ? html`<button class="older" @click=${this.loadOlder} ?disabled=${this.loadingOlder}>
              ${this.loadingOlder ? t.loading : t.loadEarlier}
            </button>`
          : nothing}
        ${repeat(messageRows(window?.messages ?? [], this.unreadMarker.key, window?.before), (row) => row.key, (row) => renderRow(row, view))}
      </div>
      ${arrived || (!this.anchor.stuck && !this.timeline.atNewest)
        ? html`<button class="new-below" part="new-messages" type="button" @click=${() => this.anchor.scrollToLatest()}>
            ${arrived || t.jumpToNewest}
          </button>`
        : nothing}
      ${this.renderArrivalStatus(arrived)}
      ${this.unavailable ? nothing : this.composer.render()}
      ${renderLightbox(this.lightbox, () => (this.lightbox = undefined), t)}
    `;
  }

  /**
   * Messages that arrived while the reader is further back are not rendered, so the log's live
   * region cannot announce them: this status region does, as the pill shows them.
   */
  private renderArrivalStatus(arrived: string) {
    return html`<p class="visually-hidden" role="status">${this.timeline.atNewest ? '' : arrived}</p>`;
  }

  /** A count in the reader's locale once its formatters exist (the first paint shows it plainly). */
  private count(value: number): string {
    return this.formats.ready ? formatNumber(value, this.locale.lang) : String(value);
  }

  composerContext() {
    const { t, lang } = this.locale;
    return { client: this.chat, cid: this.conversation, members: this.record.value?.members ?? [], nameOf: this.nameOf, t, lang };
  }

  left(cid: string): void {
    if (this.conversation === cid) this.conversation = '';
  }

  composerSent(): void {
    this.anchor.scrollToLatest();
  }

  private async toggleActions(m: ChatMessage, button: HTMLElement): Promise<void> {
    const menu = menuBeside(button);
    if (menu?.matches(':popover-open')) return menu.hidePopover();
    this.actionsOpen = m.key;
    await this.updateComplete;
    showActionsMenu(button);
  }

  private recall(m: ChatMessage): void {
    if (m.id) this.chat?.recall(m.cid, m.id).catch((error: unknown) => this.composer.failed(error));
  }

  /** Listens to the current client and opens the current conversation, when either changed. */
  private followConversation(): void {
    const client = this.chat;
    const clientChanged = client !== this.listenedClient;
    if (clientChanged) {
      this.listenedClient?.removeEventListener('message', this.onClientMessage);
      client?.addEventListener('message', this.onClientMessage);
      this.listenedClient = client;
    }
    if (clientChanged || this.conversation !== this.openedConversation) {
      this.openedConversation = this.conversation;
      this.timeline.reset();
      this.unreadMarker.reset();
      this.unavailable = false;
      this.anchor.reset();
      if (client && this.conversation) this.open(client, this.conversation);
    } else if (this.openWhenOnline && client?.state === 'online') {
      // Its opening failed for want of a connection; the client's statechange brought this update.
      this.open(client, this.conversation);
    }
  }

  private open(client: ChatClient, cid: string): void {
    this.openSettled = false;
    this.openWhenOnline = false;
    client
      .openConversation(cid)
      .catch((error: unknown) => {
        // The cache failing (closed for a newer tab) is the status banner's to tell.
        if (cid !== this.conversation || !(error instanceof ChatError)) return;
        // Offline, not yet online, or a passing failure: the cache shows what it has meanwhile.
        // A conversation the cache does not hold, or no longer may, is only known once the server answers.
        if (error.retryable) this.openWhenOnline = true;
        else this.unavailable = true;
      })
      .finally(() => {
        if (cid !== this.conversation) return;
        this.openSettled = true;
        this.requestUpdate();
      });
  }

  private async loadOlder(): Promise<void> {
    if (this.loadingOlder) return;
    this.loadingOlder = true;
    try {
      await this.timeline.showOlder();
    } catch {
      // Offline: the button stays for another try.
    } finally {
      this.loadingOlder = false;
    }
  }

  private onScroll(): void {
    this.anchor.scrolled();
    this.followReader();
    this.markReadIfSeen();
  }

  /** Renders the messages around where the reader is, once the log scrolls (not while it fits). */
  private followReader(): void {
    const log = this.log;
    if (!log || log.scrollHeight <= log.clientHeight) return;
    this.timeline.follow({ following: this.anchor.stuck, ...this.anchor.position() });
  }

  /** Only some messages are rendered: End goes to the newest, not to the last one rendered. */
  private onLogKeydown(event: KeyboardEvent): void {
    if (event.key !== 'End' || this.timeline.atNewest) return;
    event.preventDefault();
    this.anchor.scrollToLatest();
  }

  private markReadIfSeen(): void {
    const unread = this.record.value?.unreadMessagesCount ?? 0;
    // Not before the separator has its place: marking read first would leave nothing to mark.
    if (unread > 0 && this.unreadMarker.isPlaced(this.conversation) && this.anchor.stuck && document.visibilityState === 'visible') {
      void this.chat?.markRead(this.conversation).catch(() => undefined);
    }
  }

  private readonly onClientMessage = (event: Event) => {
    const message = (event as CustomEvent<MessageRecord>).detail;
    if (message.cid !== this.conversation) return;
    if (isTypingSignal(message)) return this.composer.typing.received(message);
    this.composer.typing.clear(message.from);
    if (message.from !== this.chat?.user.id) this.anchor.arrived();
    this.dispatchEvent(new ChatMessageEvent(message));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-room': ChatRoom;
  }
}

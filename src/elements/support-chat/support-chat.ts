import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CachedConversation } from '../../client/cache-db.js';
import type { ChatClient } from '../../client/chat-client.js';
import type { MemoryIndexedDb } from '../../client/open-cache.js';
import type { VisitorTicket } from '../../protocol/support-model.js';
import { ChatConsumerElement } from '../chat-consumer-element.js';
import '../chat-room/chat-room.js';
import { formatNumber } from '../display.js';
import { LocaleController } from '../i18n/locale-controller.js';
import { LiveQueryController } from '../live-query-controller.js';
import { themeTokens } from '../theme.js';
import { launcherIconPath } from './launcher.styles.js';
import { ProactiveGreeting } from './proactive-greeting.js';
import { ReplyNotifier } from './reply-notifier.js';
import { formValues, offlineForm, startForm } from './support-forms.js';
import { isSupportOffline, SupportSession } from './support-session.js';
import { supportChatStyles } from './support-chat.styles.js';
import { homeView, ticketActions, ticketBanner } from './support-views.js';
import { whenOnline } from './visitor-client.js';
import { VisitorConnection } from './visitor-connection.js';
import { VisualViewportController } from './visual-viewport.js';

type View = 'home' | 'start' | 'chat' | 'offline';

/**
 * Customer service for any site: a floating launcher (unread badge, availability) that opens a
 * panel with the team's greeting, the visitor's conversations, a pre-chat form, the conversation
 * itself (`<chat-room>`), an offline form when nobody can answer, and a rating at the end.
 *
 * Visitors are anonymous unless the site passes its own user's `token` (or calls `identify`).
 * Nothing is stored in the browser before the visitor uses the widget, and with
 * `consent="required"` not before `grantConsent()` (chat then works from memory).
 *
 * @attr server - the Parley server URL
 * @attr token - a signed-in user's token from the site (else the visitor is anonymous)
 * @attr conversation - the conversation shown (set to open one directly)
 * @attr heading - the panel title (default: "Chat with us" in the reader's language)
 * @attr greeting - the panel's (and the proactive bubble's) greeting
 * @attr greeting-delay - seconds before the greeting pops up by the launcher (0: never)
 * @attr greeting-pages - comma-separated path prefixes where it may pop up (default: every page)
 * @attr department - the department conversations go to (else the visitor picks)
 * @attr consent - `required`: keep nothing in the browser until `grantConsent()`
 * @attr position - `right` (default) or `left`
 * @attr open - whether the panel is open
 * @attr theme - `light`, `dark` or `auto` (follows the system)
 * @attr lang - the language (default: the page's)
 * @fires support-open - the panel opened
 * @fires support-close - the panel closed
 * @fires support-unread - the unread count changed (`detail.count`)
 * @fires support-message - an agent's reply arrived (`detail`: the message)
 * @fires support-conversation - the visitor started a conversation (`detail.id`)
 * @fires support-rating - the visitor rated a conversation (`detail.score`, `detail.comment`)
 * @fires support-availability - the team's availability is known (`detail.online`)
 * @fires support-ready - the widget is on the page
 * @csspart panel - the open chat panel
 * @csspart launcher - the round button
 * @cssprop --chat-z-index - stacking order of the launcher and panel
 */
@customElement('support-chat')
export class SupportChat extends ChatConsumerElement {
  static override styles = [themeTokens, supportChatStyles];

  @property({ reflect: true }) conversation = '';
  @property() heading = '';
  @property() greeting = '';
  @property({ attribute: 'greeting-delay', type: Number }) greetingDelay = 0;
  @property({ attribute: 'greeting-pages' }) greetingPages = '';
  @property() department = '';
  @property() consent = '';
  @property({ reflect: true }) position: 'right' | 'left' = 'right';
  @property({ type: Boolean, reflect: true }) open = false;
  /** Where an in-memory IndexedDB comes from (consent pending, or storage refused); default: the server's `/dist/`. */
  @property({ attribute: false }) memoryStorage?: () => Promise<MemoryIndexedDb>;

  @state() private view: View = 'home';
  @state() private busy = false;
  @state() private error = '';
  @state() private offlineSent = false;
  @state() private offlineText = '';

  private readonly locale = new LocaleController(this);
  private readonly visitor = new VisitorConnection(this, () => ({
    server: this.server,
    anonymous: !this.token && !this.client,
    consentRequired: this.consent === 'required',
    memoryStorage: this.memoryStorage,
  }));
  private readonly session = new SupportSession(this, () => this.chat, (ticket, before) => this.ticketChanged(ticket, before));
  private readonly conversations = new LiveQueryController<CachedConversation[]>(
    this,
    () => this.chat?.watchConversations(),
    () => [this.chat],
  );
  private readonly notifier = new ReplyNotifier(this, {
    chat: () => this.chat,
    seen: () => this.open && !document.hidden,
    title: (count) => this.locale.t.newReplyTitle(formatNumber(count, this.locale.lang)),
    onReply: (message) => this.emit('message', message),
  });
  private readonly proactive = new ProactiveGreeting(this, () => ({
    delaySeconds: this.greetingDelay,
    pages: this.greetingPages,
    panelOpen: this.open,
  }));
  private lastUnread = 0;

  constructor() {
    super();
    new VisualViewportController(this);
  }

  protected override get chat(): ChatClient | undefined {
    return super.chat ?? this.visitor.client;
  }

  /** The loader may have painted a launcher into this shadow root already: take it over. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const painted = this.shadowRoot;
    const hadFocus = painted?.activeElement !== null && painted?.activeElement !== undefined;
    painted?.replaceChildren();
    const root = super.createRenderRoot();
    if (hadFocus) void this.updateComplete.then(() => this.launcher()?.focus());
    return root;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.server) void this.session.loadConfig(this.server).then(() => this.emit('availability', { online: this.session.config?.open ?? false }));
    this.emit('ready', {});
  }

  // Commands from the page (window.Parley, see src/loader/parley-api.ts).

  show(): void {
    this.toggle(true);
  }

  hide(): void {
    this.toggle(false);
  }

  /** The visitor is the site's signed-in user: their conversations follow them across devices. */
  identify(options: { token: string }): void {
    this.visitor.drop();
    this.token = options.token;
  }

  /** The site got the visitor's consent: the widget may keep data in the browser from now on. */
  grantConsent(): void {
    this.visitor.grantConsent();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('open') && this.open) this.opened();
    const unread = this.unreadCount();
    if (unread !== this.lastUnread) {
      this.lastUnread = unread;
      this.emit('unread', { count: unread });
    }
  }

  protected override render() {
    const { t, lang } = this.locale;
    const heading = this.heading || t.chatWithUs;
    const unread = this.unreadCount();
    const offline = !this.session.reachable;
    const label = offline ? t.launcherOffline(heading) : unread > 0 ? t.launcherUnread(heading, formatNumber(unread, lang)) : heading;
    return html`
      <section class="panel" part="panel" role="dialog" aria-labelledby="panel-title" ?hidden=${!this.open} @keydown=${this.onKeydown}>
        <div class="bar">
          ${this.view !== 'home'
            ? html`<button class="icon" aria-label=${t.back} @click=${() => this.go('home')}><span aria-hidden="true">‹</span></button>`
            : nothing}
          <h2 id="panel-title">${heading}</h2>
          <button class="icon" aria-label=${t.closeChat} @click=${() => this.toggle(false)}><span aria-hidden="true">×</span></button>
        </div>
        <div class="body">${this.open ? this.renderView() : nothing}</div>
      </section>
      ${this.proactive.showing && !this.open ? this.renderGreetingBubble() : nothing}
      <button
        class="launcher ${offline ? 'offline' : this.session.config?.open ? 'online' : ''}"
        part="launcher"
        aria-label=${label}
        aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => this.toggle(!this.open)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d=${launcherIconPath} /></svg>
        <span class="presence" aria-hidden="true"></span>
        ${unread > 0 ? html`<span class="badge" aria-hidden="true">${formatNumber(unread, lang)}</span>` : nothing}
      </button>
    `;
  }

  private renderView() {
    const { t, lang } = this.locale;
    const config = this.session.config;
    switch (this.view) {
      case 'home':
        return homeView(t, {
          greeting: this.greeting,
          config,
          reachable: this.session.reachable,
          tickets: this.session.tickets,
          lang,
          onStart: () => this.go(config?.open ? 'start' : 'offline'),
          onOpen: (cid) => this.openTicket(cid),
        });
      case 'start':
        return startForm(t, {
          fields: config?.preChatFields ?? [],
          departments: this.department ? [] : (config?.departments ?? []),
          department: this.department || config?.defaultDepartment || '',
          busy: this.busy,
          error: this.error,
          onSubmit: (e) => void this.submitStart(e),
        });
      case 'offline':
        return offlineForm(t, {
          departments: this.department ? [] : (config?.departments ?? []),
          department: this.department || config?.defaultDepartment || '',
          text: this.offlineText,
          busy: this.busy,
          sent: this.offlineSent,
          error: this.error,
          onSubmit: (e) => void this.submitOffline(e),
        });
      case 'chat':
        return this.renderChat();
    }
  }

  private renderChat() {
    const { t, lang } = this.locale;
    const ticket = this.session.ticket(this.conversation);
    return html`${ticketBanner(t, ticket, lang)}
      <chat-room .client=${this.chat} conversation=${this.conversation} lang=${lang} theme=${this.theme} ?hidden=${!this.chat}></chat-room>
      ${ticket
        ? ticketActions(t, ticket, {
            busy: this.busy,
            error: this.error,
            lang,
            onRate: (e) => void this.submitRating(e, ticket),
            onTranscript: () => void this.act(async () => this.session.downloadTranscript(await this.onlineClient(), ticket.cid)),
            onReopen: () => void this.act(async () => this.session.reopen(await this.onlineClient(), ticket.cid)),
            onNew: () => this.go('start'),
            onEnd: () => void this.act(async () => this.session.close(await this.onlineClient(), ticket.cid)),
          })
        : nothing}`;
  }

  private renderGreetingBubble() {
    const { t } = this.locale;
    return html`<div class="proactive" role="status">
      <button class="proactive-text" @click=${() => this.toggle(true)}>${this.greeting || t.supportGreeting}</button>
      <button class="icon" aria-label=${t.dismiss} @click=${() => this.proactive.dismiss()}><span aria-hidden="true">×</span></button>
    </div>`;
  }

  private unreadCount(): number {
    return (this.conversations.value ?? []).reduce((sum, c) => sum + (c.unreadMessagesCount ?? 0), 0);
  }

  private launcher(): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>('.launcher');
  }

  private toggle(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    this.emit(open ? 'open' : 'close', {});
    void this.updateComplete.then(() => this.moveFocus());
  }

  /** Opening (by the launcher, the page or the `open` attribute) goes back to the ongoing conversation, if any. */
  private opened(): void {
    this.proactive.dismiss();
    this.notifier.clear();
    if (this.view !== 'home') return;
    const current = this.session.tickets.find((t) => t.status !== 'closed');
    if (current) this.showTicket(current.cid);
    else if (this.conversation) this.view = 'chat';
  }

  private go(view: View): void {
    this.view = view;
    this.error = '';
    if (view !== 'offline') this.offlineSent = false;
    void this.updateComplete.then(() => this.moveFocus());
  }

  private showTicket(cid: string): void {
    this.conversation = cid;
    this.view = 'chat';
  }

  private openTicket(cid: string): void {
    this.showTicket(cid);
    void this.updateComplete.then(() => this.moveFocus());
  }

  /** Focus goes where the visitor will act next: the form, the composer, or back to the launcher. */
  private moveFocus(): void {
    if (!this.open) {
      this.launcher()?.focus();
      return;
    }
    const body = this.renderRoot.querySelector('.body');
    const room = body?.querySelector('chat-room');
    const target = room?.shadowRoot?.querySelector<HTMLElement>('textarea') ?? body?.querySelector<HTMLElement>('input, textarea, select, button');
    target?.focus();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.toggle(false);
  }

  /** The visitor's client, connected: the site's (token, provider, `client`), else the anonymous visitor's. */
  private async onlineClient(): Promise<ChatClient> {
    const chat = this.chat;
    return chat ? whenOnline(chat) : this.visitor.online();
  }

  private async submitStart(event: SubmitEvent): Promise<void> {
    const values = formValues(event);
    const { question, department, ...form } = values;
    await this.act(async () => {
      const chat = await this.onlineClient();
      try {
        const ticket = await this.session.start(chat, { text: question ?? '', department: department || this.department || undefined, form }, this.locale.lang);
        this.showTicket(ticket.cid);
        this.emit('conversation', { id: ticket.cid });
        void this.updateComplete.then(() => this.moveFocus());
      } catch (error) {
        if (!isSupportOffline(error)) throw error;
        this.offlineText = question ?? '';
        this.go('offline');
      }
    });
  }

  private async submitOffline(event: SubmitEvent): Promise<void> {
    const { email, name, text, department } = formValues(event);
    await this.act(async () => {
      const chat = await this.onlineClient();
      await this.session.leaveMessage(chat, { email: email ?? '', name, text: text ?? '', department: department || this.department || undefined });
      this.offlineSent = true;
    });
  }

  private async submitRating(event: SubmitEvent, ticket: VisitorTicket): Promise<void> {
    const { score, comment } = formValues(event);
    await this.act(async () => {
      await this.session.rate(await this.onlineClient(), ticket.cid, Number(score), comment ?? '');
      this.emit('rating', { score: Number(score), comment: comment ?? '' });
    });
  }

  /** Runs an action with the form disabled; a failure becomes a short message, never an uncaught error. */
  private async act(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.error = '';
    try {
      await action();
    } catch {
      this.error = this.locale.t.tryAgainLater;
    } finally {
      this.busy = false;
    }
  }

  private ticketChanged(ticket: VisitorTicket, before: VisitorTicket | undefined): void {
    if (before && before.status !== 'closed' && ticket.status === 'closed' && ticket.cid === this.conversation) this.view = 'chat';
  }

  private emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(`support-${name}`, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChat;
  }
}

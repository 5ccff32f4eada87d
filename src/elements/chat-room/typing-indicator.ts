import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageRecord } from '../../protocol/model.js';
import { formatList } from '../display.js';
import type { Catalog } from '../i18n/en.js';

/** The message type of a typing signal (sent transient: online members only, never stored). */
export const TYPING_MESSAGE_TYPE = 101;
/** At most one signal per this while the user keeps typing. */
const SEND_EVERY_MS = 3000;
/** A typer is forgotten this long after their last signal (a little over one send interval). */
const FORGET_AFTER_MS = 5000;

/** A transient typing signal, as `sendTypingSignal` sends it. */
export function isTypingSignal(message: MessageRecord): boolean {
  return message.transient === true && message.type === TYPING_MESSAGE_TYPE && message.fields?.typing === true;
}

/**
 * "X is typing…": sends the user's own typing signal (throttled) and shows who else is typing
 * in the open conversation until their signals stop.
 */
export class TypingIndicator implements ReactiveController {
  /** Who is typing, and when their last signal came. */
  private readonly typers = new Map<string, { cid: string; timer: ReturnType<typeof setTimeout> }>();
  private lastSent = { cid: '', at: 0 };
  /** The client whose messages `watch` listens to. */
  private watched: ChatClient | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watch(undefined);
    for (const { timer } of this.typers.values()) clearTimeout(timer);
    this.typers.clear();
  }

  /** Follows every conversation of this client by itself (for `<chat-list>`). */
  watch(client: ChatClient | undefined): void {
    if (client === this.watched) return;
    this.watched?.removeEventListener('message', this.onMessage);
    client?.addEventListener('message', this.onMessage);
    this.watched = client;
  }

  private readonly onMessage = (event: Event): void => {
    const message = (event as CustomEvent<MessageRecord>).detail;
    if (isTypingSignal(message)) this.received(message);
    else this.clear(message.from);
  };

  /** Who is typing in a conversation now (user ids). */
  typingIn(cid: string): string[] {
    return [...this.typers].filter(([, typer]) => typer.cid === cid).map(([name]) => name);
  }

  /** The user typed in the composer. */
  typed(client: ChatClient | undefined, cid: string): void {
    const now = Date.now();
    if (!client || !cid || client.state !== 'online') return;
    if (this.lastSent.cid === cid && now - this.lastSent.at < SEND_EVERY_MS) return;
    this.lastSent = { cid, at: now };
    client.sendTransient(cid, { type: TYPING_MESSAGE_TYPE, fields: { typing: true } }).catch(() => undefined);
  }

  /** The user sent: the next keystroke signals again at once. */
  sent(): void {
    this.lastSent = { cid: '', at: 0 };
  }

  /** A signal from someone else. */
  received(message: MessageRecord): void {
    this.clear(message.from);
    const timer = setTimeout(() => {
      this.typers.delete(message.from);
      this.host.requestUpdate();
    }, FORGET_AFTER_MS);
    this.typers.set(message.from, { cid: message.cid, timer });
    this.host.requestUpdate();
  }

  /** Their message arrived: they stopped typing it. */
  clear(from: string): void {
    const typer = this.typers.get(from);
    if (!typer) return;
    clearTimeout(typer.timer);
    this.typers.delete(from);
    this.host.requestUpdate();
  }

  /** "Ada is typing…" for a conversation, or undefined when nobody is. */
  text(cid: string, t: Catalog, lang: string, nameOf: (id: string) => string): string | undefined {
    const names = this.typingIn(cid).map(nameOf);
    return names.length > 0 ? t.typing(formatList(names, lang), names.length) : undefined;
  }

  render(cid: string, t: Catalog, lang: string, nameOf: (id: string) => string) {
    return html`<p class="typing" part="typing" aria-live="polite">${this.text(cid, t, lang, nameOf) ?? nothing}</p>`;
  }
}

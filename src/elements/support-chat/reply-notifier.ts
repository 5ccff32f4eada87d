import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageRecord } from '../../protocol/model.js';

export interface ReplyNotifierOptions {
  chat: () => ChatClient | undefined;
  /** Whether the visitor is looking at the conversation now (panel open, tab visible). */
  seen: () => boolean;
  title: (count: number) => string;
  /** Every reply, seen or not (the widget's `support-message` event). */
  onReply: (message: MessageRecord) => void;
}

/**
 * Tells the visitor an agent replied while the panel was closed or the tab hidden: a short tone
 * (Web Audio, no file to fetch) and the count in the tab's title until they look.
 */
export class ReplyNotifier implements ReactiveController {
  private unseen = 0;
  private originalTitle: string | null = null;
  private audio?: AudioContext;
  private watched?: ChatClient;

  private readonly onMessage = (event: Event) => {
    const message = (event as CustomEvent<MessageRecord>).detail;
    if (message.transient) return;
    this.options.onReply(message);
    if (this.options.seen()) return;
    this.unseen++;
    if (this.originalTitle === null) this.originalTitle = document.title;
    document.title = `${this.options.title(this.unseen)} · ${this.originalTitle}`;
    this.beep();
  };

  private readonly onVisibility = () => {
    if (this.options.seen()) this.clear();
  };

  constructor(
    host: ReactiveControllerHost,
    private readonly options: ReplyNotifierOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostUpdated(): void {
    const chat = this.options.chat();
    if (chat === this.watched) return;
    this.watched?.removeEventListener('message', this.onMessage);
    this.watched = chat;
    chat?.addEventListener('message', this.onMessage);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.watched?.removeEventListener('message', this.onMessage);
    this.watched = undefined;
    this.clear();
    void this.audio?.close();
    this.audio = undefined;
  }

  /** The visitor has seen the replies: the page's own title comes back. */
  clear(): void {
    this.unseen = 0;
    if (this.originalTitle === null) return;
    document.title = this.originalTitle;
    this.originalTitle = null;
  }

  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.3);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start();
      oscillator.stop(ctx.currentTime + 0.3);
    } catch {
      // No audio (autoplay policy before any gesture, or none available): the title still says it.
    }
  }
}

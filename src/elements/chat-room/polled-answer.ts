import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';

/** How often the question is asked again while its subject is shown. */
const POLL_MS = 30_000;

/**
 * A question about what the room shows, asked of the server when the subject is first shown, on
 * every reconnect, and every 30 s while shown: whether the other person of a 1:1 conversation is
 * online, how many people are in a chat room (neither is pushed). `value` is undefined while
 * unknown (offline, not asked yet, or the question failed): the room then shows nothing rather
 * than something wrong.
 */
export class PolledAnswer<T> implements ReactiveController {
  value: T | undefined;
  private subject: string | undefined;
  private client: ChatClient | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Answers about an earlier subject or client are dropped. */
  private asked = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly question: (client: ChatClient, subject: string) => Promise<T>,
  ) {
    host.addController(this);
  }

  /** Ask about this subject through this client (either undefined: stop). */
  track(client: ChatClient | undefined, subject: string | undefined): void {
    if (client === this.client && subject === this.subject) return;
    this.client?.removeEventListener('statechange', this.onStateChange);
    this.client = client;
    this.subject = subject;
    this.value = undefined;
    this.asked++;
    clearInterval(this.timer);
    this.timer = undefined;
    if (!client || !subject) return;
    client.addEventListener('statechange', this.onStateChange);
    this.timer = setInterval(() => void this.ask(), POLL_MS);
    void this.ask();
  }

  hostDisconnected(): void {
    this.track(undefined, undefined);
  }

  private readonly onStateChange = () => void this.ask();

  private async ask(): Promise<void> {
    const { client, subject } = this;
    const turn = ++this.asked;
    let value: T | undefined;
    if (client && subject && client.state === 'online') {
      try {
        value = await this.question(client, subject);
      } catch {
        value = undefined; // unknown rather than wrong
      }
    }
    if (turn !== this.asked) return;
    this.value = value;
    this.host.requestUpdate();
  }
}

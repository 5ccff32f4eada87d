import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Pixels from the bottom that still count as "at the bottom". */
const STICK_THRESHOLD = 48;

/**
 * Where the message log is scrolled: it follows new messages while the reader is at the bottom,
 * counts the ones that arrive while they read further up, and keeps the view in place when older
 * messages are added above.
 */
export class ScrollAnchor implements ReactiveController {
  /** Whether the log follows new messages. */
  stuck = true;
  /** Messages from others that arrived while the reader was scrolled up. */
  arrivedBelow = 0;
  private heightBeforeOlder: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostUpdated(): void {
    const log = this.log();
    if (!log) return;
    if (this.heightBeforeOlder !== undefined) {
      // Older messages went in above: keep what the reader was looking at in place.
      log.scrollTop += log.scrollHeight - this.heightBeforeOlder;
      this.heightBeforeOlder = undefined;
    } else if (this.stuck) {
      log.scrollTop = log.scrollHeight;
    }
  }

  /** A new conversation: start at its newest message. */
  reset(): void {
    this.stuck = true;
    this.arrivedBelow = 0;
  }

  /** Call just before older messages are rendered above the current ones. */
  holdForOlder(): void {
    this.heightBeforeOlder = this.log()?.scrollHeight;
  }

  /** The reader scrolled; answers whether they reached the top. */
  scrolled(): boolean {
    const log = this.log();
    if (!log) return false;
    this.stuck = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_THRESHOLD;
    if (this.stuck && this.arrivedBelow > 0) {
      this.arrivedBelow = 0;
      this.host.requestUpdate();
    }
    return log.scrollTop === 0;
  }

  /** Someone else's message arrived. */
  arrived(): void {
    if (this.stuck) return;
    this.arrivedBelow++;
    this.host.requestUpdate();
  }

  scrollToLatest(): void {
    this.reset();
    const log = this.log();
    if (log) log.scrollTop = log.scrollHeight;
    this.host.requestUpdate();
  }
}

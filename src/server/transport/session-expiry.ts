import type { Socket } from 'socket.io';

/** The longest delay a timer takes; an expiry further away is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Ends a connection when its token expires. Holding a connection takes a valid token, so someone
 * the site stops giving tokens to (signed out, blocked) stops receiving within a token's
 * lifetime. A client with a token provider hands in a fresh token before then (`session:renew`)
 * and the end moves with it; otherwise it reconnects with a fresh one.
 */
export class SessionExpiry {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: Socket,
    private end: number,
  ) {
    this.check();
    socket.once('disconnect', () => clearTimeout(this.timer));
  }

  /** When the connection ends (ms since epoch). */
  get expiresAt(): number {
    return this.end;
  }

  /** A fresh token moves the end later, never earlier. */
  extendTo(expiresAt: number): void {
    this.end = Math.max(this.end, expiresAt);
    clearTimeout(this.timer);
    this.check();
  }

  private check(): void {
    const left = this.end - Date.now();
    if (left <= 0) {
      this.socket.disconnect(true);
      return;
    }
    this.timer = setTimeout(() => this.check(), Math.min(left, MAX_TIMER_MS));
  }
}

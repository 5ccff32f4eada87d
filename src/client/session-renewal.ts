import { tokenExpiry } from './token.js';
import type { TokenProvider, Transport } from './transport.js';

/** How long before a token expires a fresh one is handed in. */
const RENEW_BEFORE_MS = 60_000;
/** The longest delay a timer takes; a renewal further away is scheduled again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The server ends a connection when its token expires. With a token provider, a fresh token is
 * handed in over the open connection a minute before (`session:renew`, or halfway for short
 * tokens), so a long session never drops. If that fails, the connection ends at the expiry and
 * the reconnect asks the provider for a token anyway.
 */
export class SessionRenewal {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expiresAt: number | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly tokenProvider: TokenProvider,
  ) {
    transport.addEventListener('statechange', () => {
      clearTimeout(this.timer);
      if (transport.state !== 'online') return;
      this.expiresAt = tokenExpiry(transport.token);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.expiresAt === undefined) return;
    const remaining = this.expiresAt - Date.now();
    const delay = Math.max(remaining - RENEW_BEFORE_MS, remaining / 2);
    this.timer = setTimeout(() => void this.renew(), Math.min(Math.max(delay, 0), MAX_TIMER_MS));
  }

  private async renew(): Promise<void> {
    try {
      const { expiresAt } = await this.transport.request('session:renew', { token: await this.tokenProvider() });
      this.expiresAt = expiresAt;
      this.schedule();
    } catch {
      // Offline, or the provider or the server said no: the connection ends at the expiry.
    }
  }
}

import type { SessionState } from '../protocol/model.js';
import type { TokenProvider, Transport } from './transport.js';

/** How long before a token expires a fresh one is handed in. */
const RENEW_BEFORE_MS = 60_000;
/** The longest delay a timer takes; a renewal further away is scheduled again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The shortest wait between renewals. A provider that hands back the token it already has (it
 * keeps one until it expires) is asked again halfway to the end each time, and no faster.
 */
const MIN_DELAY_MS = 500;

/**
 * The server ends a connection when its token expires. With a token provider, a fresh token is
 * handed in over the open connection a minute before (`session:renew`, or halfway for short
 * tokens), so a long session never drops. If that fails, the connection ends at the expiry and
 * the reconnect asks the provider for a token anyway.
 *
 * Timed by the lifetime the server measures (`expiresIn`), never by this device's clock: a clock
 * an hour fast would otherwise renew without pause, and one an hour slow too late.
 */
export class SessionRenewal {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly transport: Transport,
    private readonly tokenProvider: TokenProvider,
  ) {
    transport.on('session:opened', (session) => this.schedule(session));
    transport.addEventListener('statechange', () => {
      if (transport.state !== 'online') clearTimeout(this.timer);
    });
  }

  private schedule({ expiresIn }: SessionState): void {
    clearTimeout(this.timer);
    const delay = Math.max(expiresIn - RENEW_BEFORE_MS, expiresIn / 2, MIN_DELAY_MS);
    this.timer = setTimeout(() => void this.renew(), Math.min(delay, MAX_TIMER_MS));
  }

  private async renew(): Promise<void> {
    try {
      this.schedule(await this.transport.request('session:renew', { token: await this.tokenProvider() }));
    } catch {
      // Offline, or the provider or the server said no: the connection ends at the expiry.
    }
  }
}

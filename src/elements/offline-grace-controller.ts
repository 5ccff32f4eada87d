import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.js';

/** How long a dropped connection may take to come back before the elements say it is gone. */
export const RECONNECT_GRACE_MS = 5000;

/**
 * Whether to tell the reader the connection is gone. Most drops (a network handover, a server
 * restart) are over within seconds, and pending messages mark themselves meanwhile, so a
 * reconnect gets a grace before the notice; offline on purpose, or refused, is said at once.
 */
export class OfflineGraceController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private graceOver = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getClient: () => ChatClient | undefined,
  ) {
    host.addController(this);
  }

  /** Runs before every render; the client's `statechange` asks for one. */
  hostUpdate(): void {
    if (this.getClient()?.state !== 'reconnecting') {
      this.clear();
      return;
    }
    if (this.timer !== undefined || this.graceOver) return;
    this.timer = setTimeout(() => {
      this.graceOver = true;
      this.host.requestUpdate();
    }, RECONNECT_GRACE_MS);
  }

  hostDisconnected(): void {
    this.clear();
  }

  get connectionLost(): boolean {
    const state = this.getClient()?.state;
    return state === 'offline' || (state === 'reconnecting' && this.graceOver);
  }

  private clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.graceOver = false;
  }
}

import { RateLimiterMemory } from 'rate-limiter-flexible';
import { ChatError } from '../../protocol/chat-error.js';
import { consumeOrRefuse } from '../cluster/rate-limiter.js';

/** What one user may ask of one node. */
export interface ClientLimits {
  /** Commands per `commandSeconds`, across all the user's connections to this node. */
  commandPoints: number;
  commandSeconds: number;
  /** Connections the user may have open to this node at once (tabs, devices). */
  maxConnections: number;
}

/**
 * Room for a client's normal bursts: a reconnect's catch-up (a history page per conversation),
 * an outbox of queued messages flushed at once.
 */
export const DEFAULT_CLIENT_LIMITS: ClientLimits = { commandPoints: 300, commandSeconds: 5, maxConnections: 50 };

/**
 * Per-user limits that keep one user (or one stolen token) from taking a node's capacity:
 * a command budget and a connection cap. Counted per node, in memory: they protect the node,
 * and checking them costs no round trip.
 */
export class ClientGate {
  private readonly commands: RateLimiterMemory;
  private readonly connections = new Map<string, number>();

  constructor(private readonly limits: ClientLimits) {
    this.commands = new RateLimiterMemory({ points: limits.commandPoints, duration: limits.commandSeconds });
  }

  /** Spends one command of the user's budget; RATE_LIMITED (with `retryAfterMs`) when it is spent. */
  command(user: string): Promise<void> {
    return consumeOrRefuse(
      this.commands,
      user,
      1,
      (retryAfterMs) =>
        new ChatError('RATE_LIMITED', `At most ${this.limits.commandPoints} commands every ${this.limits.commandSeconds} s`, { retryAfterMs }),
    );
  }

  /**
   * Holds one of the user's connections until `release`; TOO_MANY_CONNECTIONS when all are held.
   * Counted when the handshake is accepted, so a burst of handshakes cannot all slip through.
   */
  openConnection(user: string): () => void {
    const open = this.connections.get(user) ?? 0;
    if (open >= this.limits.maxConnections) {
      throw new ChatError('TOO_MANY_CONNECTIONS', `At most ${this.limits.maxConnections} connections at once`);
    }
    this.connections.set(user, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.connections.get(user) ?? 1) - 1;
      if (left > 0) this.connections.set(user, left);
      else this.connections.delete(user);
    };
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { MemoryIndexedDb } from '../../client/open-cache.js';
import { connectVisitorClient, whenOnline } from './visitor-client.js';
import { VisitorIdentity } from './visitor-identity.js';

export interface VisitorSettings {
  server: string;
  /** No token or client from the site: the visitor is anonymous. */
  anonymous: boolean;
  /** The site waits for the visitor's consent before anything is kept. */
  consentRequired: boolean;
  memoryStorage?: () => Promise<MemoryIndexedDb>;
}

/**
 * The anonymous visitor's ChatClient, made on first use (or at once for a returning visitor)
 * and closed with the element. The element uses it when the site gave no client or token.
 */
export class VisitorConnection implements ReactiveController {
  client?: ChatClient;
  private identity?: VisitorIdentity;
  private connecting?: Promise<ChatClient | undefined>;
  private consentGiven = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly settings: () => VisitorSettings,
  ) {
    host.addController(this);
  }

  /** A returning visitor (their secret was kept earlier) reconnects at once, so replies still badge the launcher. */
  hostConnected(): void {
    const { server, anonymous } = this.settings();
    if (server && anonymous && VisitorIdentity.stored(server)) void this.connect().catch(() => undefined);
  }

  hostDisconnected(): void {
    this.drop();
  }

  /** The client, connecting it on first use. */
  connect(): Promise<ChatClient | undefined> {
    const { server, consentRequired, memoryStorage } = this.settings();
    if (this.client) return Promise.resolve(this.client);
    if (!server) return Promise.resolve(undefined);
    this.connecting ??= (async () => {
      const persistent = !consentRequired || this.consentGiven;
      this.identity ??= new VisitorIdentity(server, persistent);
      const client = await connectVisitorClient(server, this.identity, persistent, memoryStorage);
      if (!this.host.isConnected) {
        void client.close();
        return undefined;
      }
      this.client = client;
      this.host.requestUpdate();
      return client;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** The client, connected (support commands are not queued like sends). */
  async online(): Promise<ChatClient> {
    const client = await this.connect();
    if (!client) throw new Error('No server to talk to');
    return whenOnline(client);
  }

  grantConsent(): void {
    this.consentGiven = true;
    this.identity?.allowPersistence();
  }

  /** The site signed the visitor in: the anonymous client goes. */
  drop(): void {
    void this.client?.close();
    this.client = undefined;
    this.connecting = undefined;
  }
}

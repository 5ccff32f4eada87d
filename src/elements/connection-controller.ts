import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../client/chat-client.js';
import type { ConnectionState } from '../client/transport.js';

/** Keeps a host re-rendering with its client's connection state. */
export class ConnectionController implements ReactiveController {
  private client: ChatClient | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getClient: () => ChatClient | undefined,
  ) {
    host.addController(this);
  }

  get state(): ConnectionState | undefined {
    return this.client?.state;
  }

  hostUpdate(): void {
    const client = this.getClient();
    if (client === this.client) return;
    this.client?.removeEventListener('statechange', this.onChange);
    client?.addEventListener('statechange', this.onChange);
    this.client = client;
  }

  hostDisconnected(): void {
    this.client?.removeEventListener('statechange', this.onChange);
    this.client = undefined;
  }

  private readonly onChange = () => this.host.requestUpdate();
}

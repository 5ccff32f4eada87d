import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient, ChatClientEventMap } from '../client/chat-client.js';

/**
 * Keeps a host re-rendering on some of its client's events: the connection state for the status
 * banner, people's names as they arrive.
 */
export class ClientEventsController implements ReactiveController {
  private client: ChatClient | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getClient: () => ChatClient | undefined,
    private readonly events: (keyof ChatClientEventMap)[],
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const client = this.getClient();
    if (client === this.client) return;
    this.listen(false);
    this.client = client;
    this.listen(true);
  }

  hostDisconnected(): void {
    this.listen(false);
    this.client = undefined;
  }

  private listen(on: boolean): void {
    for (const event of this.events) {
      if (on) this.client?.addEventListener(event, this.onChange);
      else this.client?.removeEventListener(event, this.onChange);
    }
  }

  private readonly onChange = () => this.host.requestUpdate();
}

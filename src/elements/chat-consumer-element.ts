import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatClient } from '../client/chat-client.js';
import { chatClientContext } from './chat-context.js';

/**
 * Base for elements that use a ChatClient. In order of preference: the `client` property, the
 * nearest `<chat-client>` provider, or a client of its own when `server` and `token` are set
 * (an element used alone).
 */
export class ChatConsumerElement extends LitElement {
  @property({ attribute: false }) client?: ChatClient;
  /** Server URL, for an element used without a provider. */
  @property() server = '';
  /** User token, for an element used without a provider. */
  @property() token = '';
  /** Colour scheme: `light` (default), `dark`, or `auto` to follow the reader's system setting. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';

  @consume({ context: chatClientContext, subscribe: true })
  @state()
  protected providedClient?: ChatClient;

  @state() private ownClient?: ChatClient;
  /** The server and token the own client is (being) made for. */
  private ownClientFor = '';

  protected get chat(): ChatClient | undefined {
    return this.client ?? this.providedClient ?? this.ownClient;
  }

  /** The name to show for a user: their id until the client knows their name. */
  protected readonly nameOf = (id: string): string => this.chat?.people.nameOf(id) ?? id;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.dropOwnClient();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const wanted = !this.client && !this.providedClient && this.server && this.token ? `${this.server}\n${this.token}` : '';
    if (wanted === this.ownClientFor) return;
    this.dropOwnClient();
    if (!wanted) return;
    this.ownClientFor = wanted;
    void ChatClient.connect({ server: this.server, token: this.token }).then((client) => {
      // Configuration changed (or the element left the page) while the cache was opening.
      if (this.ownClientFor !== wanted || !this.isConnected) void client.close();
      else this.ownClient = client;
    });
  }

  private dropOwnClient(): void {
    void this.ownClient?.close();
    this.ownClient = undefined;
    this.ownClientFor = '';
  }
}

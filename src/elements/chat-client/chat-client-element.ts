import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ChatClient } from '../../client/chat-client.js';
import type { TokenProvider } from '../../client/transport.js';
import { chatClientContext } from '../chat-context.js';

/**
 * Provides one ChatClient to every Parley element inside it.
 *
 * ```html
 * <chat-client server="https://chat.example.com" token="…">
 *   <chat-list for="room"></chat-list>
 *   <chat-room id="room"></chat-room>
 * </chat-client>
 * ```
 *
 * @attr server - the Parley server URL
 * @attr token - a user token signed by the site's backend
 * @prop tokenProvider - instead of `token`: returns a fresh token on every connect
 * @prop client - an existing ChatClient to share instead of making one
 */
@customElement('chat-client')
export class ChatClientElement extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  @property() server = '';
  @property() token = '';
  @property({ attribute: false }) tokenProvider?: TokenProvider;

  @provide({ context: chatClientContext })
  @property({ attribute: false })
  client?: ChatClient;

  /** Whether this element made `client` (and so closes it). */
  private owned = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.closeOwnClient();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move in the DOM: the old client was closed on detach.
    if (this.hasUpdated && !this.client) void this.buildClient();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('server') || changed.has('token') || changed.has('tokenProvider')) && (this.owned || !this.client)) {
      void this.buildClient();
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  private async buildClient(): Promise<void> {
    if (!this.isConnected || !this.server || !(this.token || this.tokenProvider)) return;
    const { server, token, tokenProvider } = this;
    this.closeOwnClient();
    const client = await ChatClient.connect({ server, token: token || undefined, tokenProvider });
    // A newer configuration may have arrived while the token was fetched.
    if (server !== this.server || token !== this.token || tokenProvider !== this.tokenProvider) {
      void client.close();
      return;
    }
    this.client = client;
    this.owned = true;
  }

  private closeOwnClient(): void {
    if (this.owned && this.client) void this.client.close();
    if (this.owned) this.client = undefined;
    this.owned = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-client': ChatClientElement;
  }
}

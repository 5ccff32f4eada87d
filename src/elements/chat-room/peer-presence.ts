import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { ConversationRecord } from '../../protocol/model.js';

/** How often the other person's status is asked again while the conversation is open. */
const POLL_MS = 30_000;

/**
 * Whether the other person in a 1:1 conversation has a connection open, asked of the server
 * (`user:online`) when the conversation opens, on every reconnect, and every 30 s while shown.
 * Undefined when unknown (offline, a group, or not asked yet): the header then shows nothing.
 */
export class PeerPresenceController implements ReactiveController {
  online: boolean | undefined;
  private peer: string | undefined;
  private client: ChatClient | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Answers to an earlier peer or client are dropped. */
  private asked = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Follow this peer through this client (either undefined: stop). */
  track(client: ChatClient | undefined, peer: string | undefined): void {
    if (client === this.client && peer === this.peer) return;
    this.client?.removeEventListener('statechange', this.onStateChange);
    this.client = client;
    this.peer = peer;
    this.online = undefined;
    this.asked++;
    clearInterval(this.timer);
    this.timer = undefined;
    if (!client || !peer) return;
    client.addEventListener('statechange', this.onStateChange);
    this.timer = setInterval(() => void this.ask(), POLL_MS);
    void this.ask();
  }

  hostDisconnected(): void {
    this.track(undefined, undefined);
  }

  private readonly onStateChange = () => void this.ask();

  private async ask(): Promise<void> {
    const { client, peer } = this;
    const turn = ++this.asked;
    let online: boolean | undefined;
    if (client && peer && client.state === 'online') {
      try {
        online = (await client.online([peer])).includes(peer);
      } catch {
        online = undefined; // unknown rather than wrong
      }
    }
    if (turn !== this.asked) return;
    this.online = online;
    this.host.requestUpdate();
  }
}

/** The other person of a 1:1 conversation; undefined for groups, chat rooms and services. */
export function peerOf(conversation: ConversationRecord | undefined, me: string | undefined): string | undefined {
  if (!conversation || !me || conversation.transient || conversation.system || conversation.members.length !== 2) return undefined;
  return conversation.members.find((member) => member !== me);
}

import type { ReactiveControllerHost } from 'lit';
import type { ChatClient } from '../../client/chat-client.js';
import type { MessageWindow, MessageWindowSpec } from '../../client/message-window.js';
import { LiveQueryController, samePlainData } from '../live-query-controller.js';

/** Messages shown when a conversation opens. */
const FIRST_PAGE = 50;
/** Messages one shift adds at an end of the window. */
const STEP = 40;
/** Most committed messages rendered at once: with pending ones and separators, well under 150 message nodes. */
const MOST_SHOWN = 120;
/** After a failed fetch of older messages while online, when to look again where the reader is. */
const RETRY_MS = 1000;

/**
 * Which of a conversation's cached messages are rendered: a window of at most MOST_SHOWN
 * consecutive ones, read from the cache by `seq`, that slides towards older or newer messages as
 * the reader scrolls. At the newest end it follows new messages; anywhere else it stays put.
 */
export class TimelineWindow {
  private spec: MessageWindowSpec = { end: 'newest', count: FIRST_PAGE };
  private readonly live: LiveQueryController<MessageWindow>;
  private fetching = false;
  private retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ChatClient | undefined,
    private readonly cid: () => string,
  ) {
    this.live = new LiveQueryController(
      host,
      () => this.read((client, cid, spec) => client.watchMessageWindow(cid, spec)),
      () => [this.client(), this.cid(), this.spec],
      {
        prime: () => this.read((client, cid, spec) => client.readMessageWindow(cid, spec)),
        // Plain data: the live query's first answer usually repeats the primed one, which re-renders nothing.
        equals: samePlainData,
        // A slide keeps showing the rows it slides from until the new ones are read.
        keepValue: ([client, cid], [nextClient, nextCid]) => client === nextClient && cid === nextCid,
      },
    );
  }

  /** A new conversation: its newest page. */
  reset(): void {
    // Already there (a room's first update): the same spec, not a new one that reads it all again.
    if (this.spec.end !== 'newest' || this.spec.count !== FIRST_PAGE) this.spec = { end: 'newest', count: FIRST_PAGE };
  }

  get value(): MessageWindow | undefined {
    return this.live.value;
  }

  /** Resolves once the window has been read (or there is nothing to read). */
  answered(): Promise<void> {
    return this.live.answered();
  }

  /** How many committed messages the window asks for: fewer are shown while they are being fetched. */
  get size(): number {
    return this.spec.count;
  }

  /** Whether the newest cached message is rendered (and new ones will be). */
  get atNewest(): boolean {
    const window = this.live.value;
    return !window || this.spec.end === 'newest' || (this.lastSeq ?? 0) >= window.high;
  }

  /** Older messages exist in the cache, or the server has some the cache does not. */
  get hasOlder(): boolean {
    const window = this.live.value;
    const first = this.firstSeq;
    return window !== undefined && first !== undefined && (first > window.low || !window.complete);
  }

  get busy(): boolean {
    return this.fetching || !this.live.settled;
  }

  /**
   * Slides the window to where the reader is: called when they scroll and when a slide has been
   * rendered (they may still be near an end). One slide at a time.
   */
  follow(reader: { following: boolean; nearTop: boolean; nearBottom: boolean }): void {
    if (this.busy) return;
    if (reader.nearTop && this.hasOlder) this.showOlder().catch(() => this.retryLater());
    else if (reader.nearBottom && !this.atNewest) this.showNewer();
    else if (!reader.following) this.hold();
  }

  /**
   * Slides towards older messages: from the cache if it holds them, else one page from the
   * server first. Rows beyond MOST_SHOWN leave at the newest end.
   */
  async showOlder(): Promise<void> {
    const client = this.client();
    const cid = this.cid();
    const first = this.firstSeq;
    if (!client || this.busy || !this.hasOlder || first === undefined) return;
    if (first <= this.live.value!.low) {
      this.fetching = true;
      try {
        await client.loadOlder(cid);
      } finally {
        this.fetching = false;
      }
    }
    const window = this.live.value;
    if (!window || cid !== this.cid()) return;
    const end = this.spec.end === 'newest' ? window.high : this.spec.end;
    const count = this.spec.count + STEP;
    this.slide(count > MOST_SHOWN ? { end: end - (count - MOST_SHOWN), count: MOST_SHOWN } : { end: this.spec.end, count });
  }

  /** Slides towards newer messages; rows beyond MOST_SHOWN leave at the oldest end. */
  private showNewer(): void {
    const window = this.live.value;
    if (!window || this.busy || this.spec.end === 'newest') return;
    const end = this.spec.end + STEP;
    this.slide({ end: end >= window.high ? 'newest' : end, count: this.spec.count });
  }

  /** The reader left the newest end: stop following, so arrivals do not push rows out above them. */
  private hold(): void {
    const window = this.live.value;
    if (window && this.spec.end === 'newest' && window.high >= window.low) this.slide({ end: window.high, count: this.spec.count });
  }

  /**
   * A page of older messages could not be fetched (a slow or lost answer): while online, look
   * again shortly (the host re-renders, then follows the reader); offline, the next scroll does.
   */
  private retryLater(): void {
    if (this.retry !== undefined || this.client()?.state !== 'online') return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.host.requestUpdate();
    }, RETRY_MS);
  }

  /** Back to the newest page. */
  showNewest(): void {
    if (this.spec.end !== 'newest') this.slide({ end: 'newest', count: FIRST_PAGE });
  }

  private slide(spec: MessageWindowSpec): void {
    this.spec = spec;
    this.host.requestUpdate();
  }

  private get firstSeq(): number | undefined {
    return this.live.value?.messages.find((m) => m.seq !== undefined)?.seq;
  }

  private get lastSeq(): number | undefined {
    return this.live.value?.messages.findLast((m) => m.seq !== undefined)?.seq;
  }

  private read<T>(query: (client: ChatClient, cid: string, spec: MessageWindowSpec) => T): T | undefined {
    const client = this.client();
    const cid = this.cid();
    return client && cid ? query(client, cid, this.spec) : undefined;
  }
}

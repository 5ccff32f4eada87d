import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Pixels from the bottom that still count as "at the bottom". */
const STICK_THRESHOLD = 48;

/** Where the reader is in what is rendered: whether to render more above or below. */
export interface ScrollPosition {
  /** Within a screen of the first rendered row. */
  nearTop: boolean;
  /** Within a screen of the last rendered row. */
  nearBottom: boolean;
}

/**
 * Where the message log is scrolled. At the bottom it follows new messages; elsewhere it holds
 * the message the reader is looking at in place, whatever changes around it: rows added or
 * removed above (older pages, the window sliding), images loading, messages edited. It counts
 * the messages that arrive while the reader is further up.
 */
export class ScrollAnchor implements ReactiveController {
  /** Whether the log follows new messages. */
  stuck = true;
  /** Messages from others that arrived while the reader was scrolled up. */
  arrivedBelow = 0;
  /** The message at the top of the view and its distance from the log's top edge. */
  private held: { key: string; offset: number } | undefined;
  /** Any row changing size re-applies the position before it is painted. */
  private readonly resizes = new ResizeObserver(() => this.restore());
  private readonly observed = new Set<Element>();
  /** Where following the newest message last put the log's scrollTop. */
  private pinnedAt = 0;
  /** Whether the focus was in the log when this update began. */
  private focusInLog = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly log: () => HTMLElement | null | undefined,
    /** Whether the newest message is rendered: only then does the bottom follow new ones. */
    private readonly atNewest: () => boolean,
    private readonly showNewest: () => void,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    // The reader may have scrolled since the last scroll event: hold what they see now. Scrolled
    // up from where the log was pinned, it no longer follows: without this, an update landing
    // before that scroll event would pin it to the bottom again and undo the reader's scroll.
    const log = this.log();
    if (log && this.stuck && log.scrollTop < this.pinnedAt - 1) this.scrolled();
    else if (log && !this.stuck) this.held = this.topMessage(log) ?? this.held;
    this.focusInLog = log !== null && log !== undefined && log.contains(focused(log));
  }

  hostUpdated(): void {
    this.restore();
    this.observeRows();
    // A row that left the window took the focus with it: the log keeps it, not the page.
    const log = this.log();
    if (this.focusInLog && log && !log.contains(focused(log))) log.focus({ preventScroll: true });
  }

  hostDisconnected(): void {
    this.resizes.disconnect();
    this.observed.clear();
  }

  /** A new conversation: start at its newest message. */
  reset(): void {
    this.stuck = true;
    this.arrivedBelow = 0;
    this.held = undefined;
    this.pinnedAt = 0;
  }

  /** The reader scrolled (or the log was scrolled for them). */
  scrolled(): void {
    const log = this.log();
    if (!log) return;
    const stuck = log.scrollHeight - log.scrollTop - log.clientHeight < STICK_THRESHOLD && this.atNewest();
    this.held = stuck ? undefined : this.topMessage(log);
    if (stuck !== this.stuck || (stuck && this.arrivedBelow > 0)) {
      this.stuck = stuck;
      if (stuck) this.arrivedBelow = 0;
      this.host.requestUpdate();
    }
  }

  position(): ScrollPosition {
    const log = this.log();
    if (!log) return { nearTop: false, nearBottom: false };
    const below = log.scrollHeight - log.scrollTop - log.clientHeight;
    return { nearTop: log.scrollTop < log.clientHeight, nearBottom: below < log.clientHeight };
  }

  /** Someone else's message arrived. */
  arrived(): void {
    if (this.stuck) return;
    this.arrivedBelow++;
    this.host.requestUpdate();
  }

  scrollToLatest(): void {
    this.reset();
    this.showNewest();
    this.host.requestUpdate();
  }

  /** Puts the log where it should be after its content changed. */
  private restore(): void {
    const log = this.log();
    if (!log) return;
    if (this.stuck) {
      log.scrollTop = log.scrollHeight;
      this.pinnedAt = log.scrollTop;
      return;
    }
    const held = this.held;
    const row = held && log.querySelector<HTMLElement>(`.message[data-key="${CSS.escape(held.key)}"]`);
    if (!held || !row) return;
    const moved = row.getBoundingClientRect().top - log.getBoundingClientRect().top - held.offset;
    if (Math.abs(moved) >= 1) log.scrollTop += moved;
  }

  /** The first message whose bottom is below the log's top edge (a binary search: rows are in order). */
  private topMessage(log: HTMLElement): { key: string; offset: number } | undefined {
    const rows = log.querySelectorAll<HTMLElement>(':scope > .message[data-key]');
    const top = log.getBoundingClientRect().top;
    let low = 0;
    let high = rows.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (rows[middle]!.getBoundingClientRect().bottom > top) high = middle;
      else low = middle + 1;
    }
    const row = rows[low];
    return row ? { key: row.dataset.key!, offset: row.getBoundingClientRect().top - top } : undefined;
  }

  private observeRows(): void {
    const log = this.log();
    if (!log) return;
    for (const row of this.observed) {
      if (row.parentNode === log) continue;
      this.resizes.unobserve(row);
      this.observed.delete(row);
    }
    for (const row of log.children) {
      if (this.observed.has(row)) continue;
      this.resizes.observe(row);
      this.observed.add(row);
    }
  }
}

/** The focused element in the log's tree (its shadow root's, not the page's). */
function focused(log: HTMLElement): Element | null {
  return (log.getRootNode() as Document | ShadowRoot).activeElement;
}

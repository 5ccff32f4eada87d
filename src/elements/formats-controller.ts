import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatsPrepared, prepareFormats } from './display.js';

/** What a formatted value shows until the formatters exist: it keeps the line's height. */
export const BLANK = '\u00a0';

/**
 * Keeps a page's first Intl object out of an element's first paint. Making it loads locale and
 * time zone data (15–40 ms in Chromium), longer than rendering a page of messages. Until the
 * formatters exist the host renders times, dates and counts plainly (`ready` is false); they are
 * made just after that paint, and the host renders again with them.
 */
export class FormatsController implements ReactiveController {
  /** A render asked for formats that did not exist yet. */
  private wanted = false;
  private scheduled = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly lang: () => string,
  ) {
    host.addController(this);
  }

  /**
   * Whether dates and numbers can be formatted for the host's language now. Asking while they
   * cannot has them made after this render's paint (a render that formats nothing costs nothing).
   */
  get ready(): boolean {
    const ready = formatsPrepared(this.lang());
    if (!ready) this.wanted = true;
    return ready;
  }

  hostUpdated(): void {
    if (!this.wanted || this.scheduled) return;
    this.wanted = false;
    this.scheduled = true;
    // The frame callback runs before the paint, the timeout after it.
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.scheduled = false;
        prepareFormats(this.lang());
        this.host.requestUpdate();
      }),
    );
  }
}

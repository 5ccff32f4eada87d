import type * as ParleyModule from '../index.js';

/** What a `<support-chat>` does when the page's code asks (see support-chat.ts). */
export interface SupportCommands {
  show(): void;
  hide(): void;
  identify(options: { token: string }): void;
  grantConsent(): void;
}

/** The one global the snippet adds: `window.Parley`. */
export interface ParleyApi {
  /** Opens the chat panel (loading the widget first if need be). */
  open(): void;
  close(): void;
  /** Signs the visitor in as the site's user: their conversations follow them across devices. */
  identify(options: { token: string }): void;
  /** With `data-consent="required"`: the visitor agreed, the widget may now keep data in the browser. */
  consent(): void;
  /**
   * Listens to the widget: `open`, `close`, `unread` ({ count }), `message` (an agent's reply),
   * `conversation` ({ id }), `rating` ({ score, comment }), `availability` ({ online }), `ready`.
   * Returns a function that stops listening.
   */
  on(event: string, listener: (detail: unknown) => void): () => void;
  /** The full library (ChatClient, elements), loaded on first use. */
  load(): Promise<typeof ParleyModule>;
  /** Calls made before the script loaded: `[name, ...args]` entries (kept for compatibility, always empty). */
  q: unknown[][];
}

type Command = { [K in keyof SupportCommands]: [K, ...Parameters<SupportCommands[K]>] }[keyof SupportCommands];

/**
 * Builds the API over the page's widgets. Commands wait for the full widget to be defined;
 * listeners attach at once (they are DOM events, so they work before the upgrade too).
 */
export function createParleyApi(widgets: () => HTMLElement[], load: () => Promise<typeof ParleyModule>): ParleyApi {
  const run = (command: Command) => {
    load()
      .then(() => customElements.whenDefined('support-chat'))
      .then(() => {
        for (const widget of widgets()) {
          const target = widget as unknown as SupportCommands;
          const [name, ...args] = command;
          (target[name] as (...a: unknown[]) => void)(...args);
        }
      })
      // A widget that cannot load shows its offline launcher; the page's call must not throw.
      .catch(() => undefined);
  };
  return {
    open: () => run(['show']),
    close: () => run(['hide']),
    identify: (options) => run(['identify', options]),
    consent: () => run(['grantConsent']),
    on(event, listener) {
      const handler = (e: Event) => listener((e as CustomEvent).detail);
      const type = `support-${event}`;
      for (const widget of widgets()) widget.addEventListener(type, handler);
      return () => widgets().forEach((widget) => widget.removeEventListener(type, handler));
    },
    load,
    q: [],
  };
}

/** Replays calls queued by a stub (`window.Parley = window.Parley || { q: [] }; Parley.q.push(['open'])`). */
export function replayQueue(api: ParleyApi, queued: unknown): void {
  const entries = Array.isArray(queued) ? queued : [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const [name, ...args] = entry as [string, ...unknown[]];
    const method = (api as unknown as Record<string, unknown>)[name];
    if (typeof method === 'function' && name !== 'load') (method as (...a: unknown[]) => void)(...args);
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The optional greeting that pops up by the launcher after `delaySeconds`, only on pages whose
 * path starts with one of `pages` (comma-separated; empty means every page).
 */
export class ProactiveGreeting implements ReactiveController {
  /** Whether the bubble is showing. */
  showing = false;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly settings: () => { delaySeconds: number; pages: string; panelOpen: boolean },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const { delaySeconds, pages } = this.settings();
    if (!(delaySeconds > 0)) return;
    const prefixes = pages.split(',').map((p) => p.trim()).filter(Boolean);
    if (prefixes.length > 0 && !prefixes.some((prefix) => location.pathname.startsWith(prefix))) return;
    this.timer = setTimeout(() => {
      if (this.settings().panelOpen) return;
      this.showing = true;
      this.host.requestUpdate();
    }, delaySeconds * 1000);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  dismiss(): void {
    clearTimeout(this.timer);
    if (!this.showing) return;
    this.showing = false;
    this.host.requestUpdate();
  }
}

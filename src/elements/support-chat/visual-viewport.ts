import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * On phones the panel fills the screen. iOS shrinks the visual viewport (not the layout one) when
 * the keyboard opens, so the panel follows `visualViewport`: its height and offset go to
 * `--_viewport-height` / `--_viewport-top` on the host (CSSOM: fine under a strict CSP).
 */
export class VisualViewportController implements ReactiveController {
  private readonly update = () => {
    const viewport = window.visualViewport;
    if (!viewport) return;
    this.host.style.setProperty('--_viewport-height', `${viewport.height}px`);
    this.host.style.setProperty('--_viewport-top', `${viewport.offsetTop}px`);
  };

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    window.visualViewport?.addEventListener('resize', this.update);
    window.visualViewport?.addEventListener('scroll', this.update);
    this.update();
  }

  hostDisconnected(): void {
    window.visualViewport?.removeEventListener('resize', this.update);
    window.visualViewport?.removeEventListener('scroll', this.update);
  }
}

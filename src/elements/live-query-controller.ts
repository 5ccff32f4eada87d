import type { Observable } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Subscribes a host to a live query and re-renders it on every change. The query is rebuilt
 * whenever one of its dependencies changes (a different client, a different conversation).
 */
export class LiveQueryController<T> implements ReactiveController {
  value: T | undefined;
  error: unknown;
  private subscription: { unsubscribe(): void } | undefined;
  private deps: unknown[] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly query: () => Observable<T> | undefined,
    private readonly dependencies: () => unknown[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.refresh();
  }

  hostUpdate(): void {
    this.refresh();
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.deps = undefined;
  }

  private refresh(): void {
    const deps = this.dependencies();
    if (this.deps && deps.length === this.deps.length && deps.every((d, i) => d === this.deps![i])) return;
    this.deps = deps;
    this.subscription?.unsubscribe();
    this.value = undefined;
    this.error = undefined;
    const observable = this.query();
    this.subscription = observable?.subscribe({
      next: (value) => {
        this.value = value;
        this.host.requestUpdate();
      },
      error: (error: unknown) => {
        this.error = error;
        this.host.requestUpdate();
      },
    });
  }
}

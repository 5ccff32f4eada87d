import type { Observable } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface LiveQueryOptions<T> {
  /** A one-shot read of the same data, shown until the live query first answers. */
  prime?: () => Promise<T> | undefined;
  /** Whether a query rebuilt for `next` dependencies may show the value for `previous` until it answers. */
  keepValue?: (previous: unknown[], next: unknown[]) => boolean;
}

/**
 * Subscribes a host to a live query and re-renders it on every change. The query is rebuilt
 * whenever one of its dependencies changes (a different client, a different conversation).
 * A live query answers first only after a timer, so an optional one-shot `prime` read of the
 * same data lets the host render a little sooner; the live query takes over from its first answer.
 */
export class LiveQueryController<T> implements ReactiveController {
  value: T | undefined;
  error: unknown;
  /** Whether the current query has answered (a value, live or primed, or an error): `value` is not a kept one. */
  settled = false;
  private subscription: { unsubscribe(): void } | undefined;
  private deps: unknown[] | undefined;
  /** Whether the current live query has answered (a primed value must not overwrite it). */
  private answered = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly query: () => Observable<T> | undefined,
    private readonly dependencies: () => unknown[],
    private readonly options: LiveQueryOptions<T> = {},
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
    const previous = this.deps;
    this.deps = deps;
    this.subscription?.unsubscribe();
    if (!previous || !this.options.keepValue?.(previous, deps)) this.value = undefined;
    this.error = undefined;
    this.answered = false;
    this.settled = false;
    const observable = this.query();
    this.subscription = observable?.subscribe({
      next: (value) => {
        this.answered = true;
        this.settled = true;
        this.value = value;
        this.host.requestUpdate();
      },
      error: (error: unknown) => {
        this.settled = true;
        this.error = error;
        this.host.requestUpdate();
      },
    });
    if (observable) this.primeWith(deps);
  }

  private primeWith(deps: unknown[]): void {
    this.options.prime?.()?.then(
      (value) => {
        if (this.answered || this.deps !== deps) return;
        this.settled = true;
        this.value = value;
        this.host.requestUpdate();
      },
      // The live query reports the same failure.
      () => undefined,
    );
  }
}

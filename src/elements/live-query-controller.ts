import type { Observable } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface LiveQueryOptions<T> {
  /** A one-shot read of the same data, shown until the live query first answers. */
  prime?: () => Promise<T> | undefined;
  /** Whether a query rebuilt for `next` dependencies may show the value for `previous` until it answers. */
  keepValue?: (previous: unknown[], next: unknown[]) => boolean;
  /** Whether two answers show the same thing: an answer equal to the shown one renders nothing. */
  equals?: (shown: T, next: T) => boolean;
}

/** `equals` for plain data (what IndexedDB answers): the same JSON shows the same thing. */
export const samePlainData = (shown: unknown, next: unknown): boolean => JSON.stringify(shown) === JSON.stringify(next);

/**
 * Subscribes a host to a live query and re-renders it on every change. The query is rebuilt
 * whenever one of its dependencies changes (a different client, a different conversation).
 * A live query answers first only after a timer, so an optional one-shot `prime` read of the
 * same data lets the host render sooner; the live query starts once that read has answered and
 * the host has rendered it (started together, the two only compete for the cache and the main
 * thread) and takes over.
 */
export class LiveQueryController<T> implements ReactiveController {
  value: T | undefined;
  error: unknown;
  /** Whether the current query has answered (a value, live or primed, or an error): `value` is not a kept one. */
  settled = false;
  private subscription: { unsubscribe(): void } | undefined;
  private deps: unknown[] | undefined;
  /** Whether the current query has yet to answer for the first time. */
  private asking = false;
  private waiting: (() => void)[] = [];

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
    this.release();
  }

  /** Resolves once the current query has answered, or at once when there is nothing to ask. */
  answered(): Promise<void> {
    return this.asking ? new Promise((resolve) => this.waiting.push(resolve)) : Promise.resolve();
  }

  private refresh(): void {
    const deps = this.dependencies();
    if (this.deps && deps.length === this.deps.length && deps.every((d, i) => d === this.deps![i])) return;
    const previous = this.deps;
    this.deps = deps;
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    if (!previous || !this.options.keepValue?.(previous, deps)) this.value = undefined;
    this.error = undefined;
    this.settled = false;
    this.asking = true;
    const primed = this.options.prime?.();
    if (!primed) return this.subscribe(deps);
    primed
      .then(
        (value) => this.deps === deps && this.show(value),
        // The live query reports the same failure.
        () => undefined,
      )
      // After the render that shows the primed value: the live query's setup stays off its path.
      .finally(() => this.host.updateComplete.then(() => this.deps === deps && this.subscribe(deps)));
  }

  private subscribe(deps: unknown[]): void {
    const observable = this.query();
    if (!observable) return this.release();
    this.subscription = observable.subscribe({
      next: (value) => {
        if (this.deps !== deps) return;
        if (this.settled && this.value !== undefined && this.options.equals?.(this.value, value)) return;
        this.show(value);
      },
      error: (error: unknown) => {
        this.settled = true;
        this.error = error;
        this.release();
        this.host.requestUpdate();
      },
    });
  }

  private show(value: T): void {
    this.settled = true;
    this.value = value;
    this.release();
    this.host.requestUpdate();
  }

  private release(): void {
    this.asking = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

/**
 * Sets this page's clock `offsetMs` off, like a device whose clock is wrong: `Date.now()` and
 * `new Date()` move, timers and `performance.now()` do not. Returns the undo.
 */
export function skewClock(offsetMs: number): () => void {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args: ConstructorParameters<DateConstructor> | []) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as ConstructorParameters<DateConstructor>));
    }

    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
  return () => {
    globalThis.Date = RealDate;
  };
}

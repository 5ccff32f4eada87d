import type { Clock } from '../../src/server/index.js';

/** A server clock the test moves: each reading is 1 ms later than the last, unless moved on. */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2030, 0, 1)) {}

  now(): number {
    return this.time++;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}

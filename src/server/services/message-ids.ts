import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/** Random bytes drawn from the OS at once, handed out one by one. */
const POOL_SIZE = 4096;

/**
 * ulid's default source asks the OS for one random byte per character (sixteen calls, and as
 * many small buffers, for every new millisecond); this one refills a pool. A byte over 256 maps
 * evenly onto ulid's 32 characters.
 */
function pooledRandom(): () => number {
  const pool = new Uint8Array(POOL_SIZE);
  let next = POOL_SIZE;
  return () => {
    if (next === POOL_SIZE) {
      randomFillSync(pool);
      next = 0;
    }
    return pool[next++]! / 256;
  };
}

/**
 * Message ids sort by creation time: new rows land at the end of the id indexes instead of on a
 * random page each, so a commit writes fewer pages.
 */
export const newMessageId = monotonicFactory(pooledRandom());

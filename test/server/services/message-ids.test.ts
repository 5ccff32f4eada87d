import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newMessageId } from '../../../src/server/services/message-ids.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const start = Date.now();

describe('message ids', () => {
  it('are ULIDs in creation order, with random parts that use the whole alphabet, well past one pool of random bytes', () => {
    // A new millisecond each: 16 fresh random characters each, 20 pools' worth in all.
    const ids = Array.from({ length: 5000 }, (_, i) => newMessageId(start + i));
    assert.ok(ids.every((id) => ULID.test(id)), 'Crockford base32, 26 characters');
    assert.deepEqual([...ids].sort(), ids, 'sorted as made');
    assert.equal(new Set(ids.flatMap((id) => [...id.slice(10)])).size, 32, 'every character turns up');
  });

  it('stay in order within one millisecond', () => {
    const ids = Array.from({ length: 100 }, () => newMessageId(start + 10_000));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });
});

import { describe, expect, it } from 'vitest';
import { HeapKeeper } from '../../electron/core/heap';

describe('HeapKeeper', () => {
  it('collects garbage once the heap has grown past its slack, and leaves live objects alone', () => {
    const keeper = new HeapKeeper(8 * 1024 * 1024);
    const live = Array.from({ length: 1000 }, (_, i) => `live-${i}`);
    const made = (): number => Array.from({ length: 200_000 }, (_, i) => `garbage-${i}-${'x'.repeat(40)}`).length;
    expect(made()).toBe(200_000);
    const grown = process.memoryUsage().heapUsed;
    keeper.check();
    const after = process.memoryUsage().heapUsed;
    // ~200,000 strings of ~60 characters: well over 8 MB, freed by the collection.
    expect(grown - after).toBeGreaterThan(8 * 1024 * 1024);
    expect(live[999]).toBe('live-999');
  });
});

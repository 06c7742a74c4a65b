import { describe, expect, it } from 'vitest';
import { BookStage } from '../../electron/core/exchange/import-stage';

describe('BookStage', () => {
  it('keeps content in memory up to its budget, spills the rest, and gives every value back once', () => {
    const stage = new BookStage<{ text: string }>(10_000);
    try {
      const ids = Array.from({ length: 10 }, (_, i) => stage.put({ text: String(i).repeat(1_000) }));
      // ~2 KB each: about four fit, the rest went to the temporary file.
      expect((stage as unknown as { spilled: Map<number, unknown> }).spilled.size).toBeGreaterThan(4);
      ids.forEach((id, i) => expect(stage.take(id)).toEqual({ text: String(i).repeat(1_000) }));
      expect(() => stage.take(ids[0]!)).toThrow();
    } finally {
      stage.close();
    }
  });

  it('content taken no longer counts against the budget: a long run of put-take stays in memory', () => {
    const stage = new BookStage<{ text: string }>(10_000);
    try {
      for (let i = 0; i < 1_000; i++) expect(stage.take(stage.put({ text: 'x'.repeat(1_000) })).text).toHaveLength(1_000);
      expect((stage as unknown as { spilled: Map<number, unknown>; fd: number | null }).fd).toBeNull();
    } finally {
      stage.close();
    }
  });
});

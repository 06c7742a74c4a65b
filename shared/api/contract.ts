import { z } from 'zod';

/** One call of the API: its input schema (validated by the core) and its result type. */
export interface CallDef<I extends z.ZodType, R> {
  input: I;
  doc: string;
  /** Phantom: carries the result type only. */
  result?: R;
  /** Calls that change data; hosts may log or confirm them. */
  writes: boolean;
}

/**
 * A file's bytes as base64, at most `max` characters: anything else (a transfer cut short or garbled) is refused,
 * not decoded into a shorter file without a word.
 */
export function base64Data(max: number, tooLarge: string) {
  return z
    .string()
    .max(max, { error: tooLarge })
    .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), { error: '文件内容没有完整传到（不是有效的 base64 数据），请重新选择文件' });
}

/** `call<Result>()(schema, doc)`: the result type is named, the input type is inferred. */
export function call<R>() {
  return <I extends z.ZodType>(input: I, doc: string, writes = false): CallDef<I, R> => ({ input, doc, writes });
}

export type AnyCalls = Record<string, CallDef<z.ZodType, unknown>>;

/** Merges call groups; a duplicate name is a programming error caught at start-up. */
export function mergeCalls<A extends AnyCalls, B extends AnyCalls>(a: A, b: B): A & B {
  for (const k of Object.keys(b)) if (k in a) throw new Error(`duplicate API call name: ${k}`);
  return { ...a, ...b };
}

/**
 * The one API contract between the renderer (or any host) and the core:
 * call name → zod input schema → result type. Results cross hosts as
 * `{ ok: true, value }` / `{ ok: false, error }`. New groups of calls join
 * with `mergeCalls`, which refuses a duplicate name at start-up.
 */
import type { z } from 'zod';
import type { Result } from '../errors';
import { mergeCalls } from './contract';
import { coreCalls } from './core';
import { exchangeCalls } from './exchange';
import { formCalls } from './forms';

export const api = mergeCalls(mergeCalls(coreCalls, exchangeCalls), formCalls);

export type Api = typeof api;
export type CallName = keyof Api & string;
/** What a caller passes (before defaults). */
export type CallInput<K extends CallName> = z.input<Api[K]['input']>;
/** What a handler receives (after validation and defaults). */
export type HandlerInput<K extends CallName> = z.output<Api[K]['input']>;
export type CallResult<K extends CallName> = NonNullable<Api[K]['result']>;

export type Handlers = { [K in CallName]: (input: HandlerInput<K>) => CallResult<K> | Promise<CallResult<K>> };

/** The handlers of one group of calls (each area of the core implements its own group). */
export type GroupHandlers<G extends Record<string, { input: z.ZodType; result?: unknown }>> = {
  [K in keyof G]: (input: z.output<G[K]['input']>) => NonNullable<G[K]['result']> | Promise<NonNullable<G[K]['result']>>;
};

/** What every host's client looks like to the renderer. */
export type Client = <K extends CallName>(name: K, input: CallInput<K>) => Promise<Result<CallResult<K>>>;

export const CALL_NAMES = Object.keys(api) as CallName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(api, name);
}

/** Command-line commands of the Excel exchange (export, import, template, setup, summary). */
import type { Command } from './commands';

export const EXCHANGE_COMMANDS: Record<string, Command> = {};

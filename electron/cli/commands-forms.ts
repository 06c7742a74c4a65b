/** Command-line commands of the printed forms (print). */
import type { Command } from './commands';

export const FORM_COMMANDS: Record<string, Command> = {};

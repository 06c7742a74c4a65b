import { AppError, ERROR_CODES } from '../../shared/errors';

/** Where the command line reads and writes, so tests can run it in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** All of standard input, or null when it is a terminal. */
  readStdin: () => Promise<string | null>;
  /** Clock, for tests. */
  now?: () => Date;
}

/** More than any report's JSON can be (its texts are capped far below): a file given by mistake, or a runaway pipe. */
export const MAX_STDIN_BYTES = 64 * 1024 * 1024;

export function processIO(): CliIO {
  // `cli … | head` closes the pipe early: that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => {
      if (process.stdin.isTTY) return null;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of process.stdin) {
        size += (c as Buffer).length;
        // Refused as it comes, not once it is all read: a runaway pipe would otherwise fill memory first.
        if (size > MAX_STDIN_BYTES) throw new AppError(ERROR_CODES.invalidInput, `标准输入过大（超过 ${MAX_STDIN_BYTES / 1024 / 1024} MB），未读完，未作任何更改：一项任务的填报内容远小于此，请检查输入的是否为填报内容的 JSON`);
        chunks.push(c as Buffer);
      }
      return decodeText(Buffer.concat(chunks));
    },
  };
}

/**
 * Text as Windows' tools write it: UTF-8 with or without its byte-order mark (Notepad), UTF-16 with one (Windows
 * PowerShell 5's `>`). Anything else is read as UTF-8.
 */
export function decodeText(b: Buffer): string {
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  return b.toString('utf8');
}

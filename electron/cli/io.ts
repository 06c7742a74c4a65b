/** Where the command line reads and writes, so tests can run it in-process. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** All of standard input, or null when it is a terminal. */
  readStdin: () => Promise<string | null>;
  /** Clock, for tests. */
  now?: () => Date;
}

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
      for await (const c of process.stdin) chunks.push(c as Buffer);
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

import { readFile } from 'node:fs/promises';

/** A stream the CLI writes to. */
export interface CliStream {
  write(text: string): unknown;
  /** Whether it is a terminal (the progress bar is drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when it is one. */
  readonly columns?: number;
}

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** Read a file as UTF-8 (relative paths from the current directory). */
  readFile(path: string): Promise<string>;
}

/** The process's own streams and file system. */
export const processIO: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  readFile: (path) => readFile(path, 'utf8'),
};

/** Exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A bad command line: usage is printed and the exit code is 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

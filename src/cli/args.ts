import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** A command line parsed by {@link parse}. */
export interface ParsedArgs {
  /** Option values by name (every kefu option takes a string). */
  readonly values: Readonly<Record<string, string | undefined>>;
  readonly positionals: readonly string[];
  /** `--help` or `-h` was given. */
  readonly help: boolean;
  /** `--json` was given (commands that take it print their result as JSON). */
  readonly json: boolean;
}

/**
 * `node:util` parseArgs in strict mode, with `--help`/`-h` added, turning its errors (unknown
 * option, missing value) and a wrong number of positionals into a {@link UsageError}.
 */
export function parse(
  args: readonly string[],
  options: readonly string[],
  positionals: { min: number; max: number },
  { json: takesJson = false }: { json?: boolean } = {},
): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        ...Object.fromEntries(options.map((name) => [name, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
        ...(takesJson ? { json: { type: 'boolean' as const } } : {}),
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { help, json, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  const list = parsed.positionals;
  if (!help && (list.length < positionals.min || list.length > positionals.max)) {
    throw new UsageError(list.length < positionals.min ? 'missing argument' : `unexpected argument "${list[positionals.max]}"`);
  }
  return { values: values as Record<string, string | undefined>, positionals: list, help: help === true, json: json === true };
}

/** Write a value as indented JSON and a newline. */
export function writeJson(stream: { write(text: string): unknown }, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** One of a fixed list of values, or a {@link UsageError}. */
export function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`);
}

#!/usr/bin/env node
/**
 * `kefu` — the command line: a simulated day (`demo`), state diagrams (`diagram`), the rule
 * catalogue (`rules`) and policy checks (`policy`). `main(argv, io)` runs it in-process (tests);
 * run as a program, it uses the process's streams and exit code.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { caseFileCommand } from './commands/case-file.js';
import { demoCommand } from './commands/demo.js';
import { diagramCommand } from './commands/diagram.js';
import { policyCommand } from './commands/policy.js';
import { rulesCommand } from './commands/rules.js';
import { EXIT, processIO, UsageError, type CliIO } from './io.js';
import { usage, type UsageTopic } from './usage.js';

export type { CliIO, CliStream } from './io.js';
export { EXIT } from './io.js';

const commands: Record<Exclude<UsageTopic, 'main'>, (args: readonly string[], io: CliIO) => Promise<number>> = {
  demo: demoCommand,
  'case-file': caseFileCommand,
  diagram: diagramCommand,
  rules: rulesCommand,
  policy: policyCommand,
};

/** The installed package's version (its package.json: two levels up from src/cli and dist/cli). */
export function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

const isCommand = (name: string | undefined): name is keyof typeof commands => name !== undefined && Object.hasOwn(commands, name);

/**
 * Run the CLI with `argv` (without `node` and the script) and return the exit code:
 * 0 ok, 1 failure, 2 bad arguments (usage printed to stderr).
 *
 * @example
 * const code = await main(['rules', '--lang', 'en']);
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.stderr.write(usage.main);
    return EXIT.usage;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout.write(`kefu ${version()}\n`);
    return EXIT.ok;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) {
      io.stderr.write(`kefu: unknown command "${topic}"\n\n${usage.main}`);
      return EXIT.usage;
    }
    io.stdout.write(topic ? usage[topic] : usage.main);
    return EXIT.ok;
  }
  if (!isCommand(command)) {
    io.stderr.write(`kefu: unknown command "${command}"\n\n${usage.main}`);
    return EXIT.usage;
  }
  try {
    return await commands[command](rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`kefu ${command}: ${error.message}\n\n${usage[command]}`);
      return EXIT.usage;
    }
    io.stderr.write(`kefu ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}

// Run when executed as a program (`kefu ...`, `npx tsx src/cli/main.ts ...`), not when imported.
// argv[1] may be a symlink (node_modules/.bin/kefu) while import.meta.url is the real path.
const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}

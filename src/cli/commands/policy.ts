import { definePolicy } from '../../policy/index.js';
import { machineModules } from '../../catalog/machines.js';
import { isValidationError } from '../../errors/index.js';
import { parse, writeJson } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { usage } from '../usage.js';

/**
 * `kefu policy --check file.json [--json]`: validate a host's policy file with definePolicy, with
 * every machine of kefu loaded (so an override naming an event of any machine is checked).
 * With `--json` the verdict goes to stdout as `{ file, valid, problems: [{ path, message }] }`.
 */
export async function policyCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, help, json: asJson } = parse(args, ['check'], { min: 0, max: 0 }, { json: true });
  if (help) {
    io.stdout.write(usage.policy);
    return EXIT.ok;
  }
  const file = values.check;
  if (!file) throw new UsageError('--check <file.json> is required');
  const fail = (problems: Array<{ path: string; message: string }>, text: string) => {
    if (asJson) writeJson(io.stdout, { file, valid: false, problems });
    else io.stderr.write(text);
    return EXIT.failure;
  };

  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    const reason = `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return fail([{ path: '', message: reason }], `kefu policy: ${reason}\n`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = `${file} is not valid JSON: ${(error as Error).message}`;
    return fail([{ path: '', message: reason }], `kefu policy: ${reason}\n`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    const reason = `${file} must hold a JSON object (the fields of the policy to override)`;
    return fail([{ path: '', message: reason }], `kefu policy: ${reason}\n`);
  }
  // Every machine carries its own permission table: loaded, each checks the event names of its overrides.
  await Promise.all(Object.values(machineModules).map((load) => load()));
  try {
    definePolicy(json as never);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    const lines = error.issues.map((i) => `  ${i.path || '(policy)'}: ${i.message}`);
    return fail(
      error.issues.map((i) => ({ path: i.path, message: i.message })),
      `kefu policy: ${file} is not a valid policy (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n`,
    );
  }
  if (asJson) writeJson(io.stdout, { file, valid: true, problems: [] });
  else io.stdout.write(`ok: ${file} is a valid kefu policy\n`);
  return EXIT.ok;
}

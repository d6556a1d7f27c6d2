import { definePolicy } from '../../policy/index.js';
import { isValidationError } from '../../errors/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { usage } from '../usage.js';

/** `kefu policy --check file.json`: validate a host's policy file with definePolicy. */
export async function policyCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, help } = parse(args, ['check'], { min: 0, max: 0 });
  if (help) {
    io.stdout.write(usage.policy);
    return EXIT.ok;
  }
  const file = values.check;
  if (!file) throw new UsageError('--check <file.json> is required');

  let text: string;
  try {
    text = await io.readFile(file);
  } catch (error) {
    io.stderr.write(`kefu policy: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return EXIT.failure;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr.write(`kefu policy: ${file} is not valid JSON: ${(error as Error).message}\n`);
    return EXIT.failure;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    io.stderr.write(`kefu policy: ${file} must hold a JSON object (the fields of the policy to override)\n`);
    return EXIT.failure;
  }
  try {
    definePolicy(json as never);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    const lines = error.issues.map((i) => `  ${i.path || '(policy)'}: ${i.message}`);
    io.stderr.write(`kefu policy: ${file} is not a valid policy (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n`);
    return EXIT.failure;
  }
  io.stdout.write(`ok: ${file} is a valid kefu policy\n`);
  return EXIT.ok;
}

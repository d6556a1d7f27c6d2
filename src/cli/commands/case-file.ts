import { complaintCaseFile } from '../demo/case-file.js';
import { runWalkthroughs } from '../demo/walkthrough.js';
import { oneOf, parse } from '../args.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { usage } from '../usage.js';

/**
 * `kefu case-file [--case ID] [--format markdown|json]`: the complaint file (投诉归档资料) of a
 * walkthrough complaint, replayed through the case runtime — its history with who, when, the
 * outcome and the rule of every refusal. Personal data is printed masked only (PRIVACY).
 */
export async function caseFileCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, help } = parse(args, ['case', 'format'], { min: 0, max: 0 });
  if (help) {
    io.stdout.write(usage['case-file']);
    return EXIT.ok;
  }
  const format = oneOf('format', values.format, ['markdown', 'json'] as const, 'markdown');
  const { complaints } = await runWalkthroughs();
  const ids = complaints.map((c) => c.form.caseId);
  const caseId = values.case ?? ids[0]!;
  const recorded = complaints.find((c) => c.form.caseId === caseId);
  if (!recorded) throw new UsageError(`--case must be one of ${ids.join(', ')} (got "${caseId}")`);
  if (format === 'json') io.stdout.write(`${JSON.stringify(await complaintCaseFile(recorded, 'json'), null, 2)}\n`);
  else io.stdout.write(await complaintCaseFile(recorded, 'markdown'));
  return EXIT.ok;
}

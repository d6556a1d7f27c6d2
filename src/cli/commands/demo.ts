import { complaintCaseFile } from '../demo/case-file.js';
import { runDemo } from '../demo/engine.js';
import { renderReport } from '../demo/report.js';
import { runWalkthroughs } from '../demo/walkthrough.js';
import { parse, writeJson } from '../args.js';
import { reportData } from '../demo/report.js';
import { EXIT, UsageError, type CliIO, type CliStream } from '../io.js';
import { usage } from '../usage.js';

const MAX_CASES = 100_000;

/** A progress bar on a terminal stream, redrawn at most once per percent. */
function progressBar(stream: CliStream) {
  let shown = -1;
  return {
    update(done: number, total: number) {
      const pct = total === 0 ? 100 : Math.floor((100 * done) / total);
      if (pct === shown) return;
      shown = pct;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
      const filled = Math.round((width * pct) / 100);
      stream.write(`\r模拟中 simulating [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
    },
    clear() {
      if (shown >= 0) stream.write(`\r${' '.repeat(Math.max(10, Math.min(40, (stream.columns ?? 80) - 30)) + 30)}\r`);
    },
  };
}

/**
 * `kefu demo [--cases N] [--seed S] [--json]`: the narrated walkthroughs (典型流程), a simulated
 * day at the service desk, then the reports. With `--json`: the day's records as data, customers
 * masked, without the walkthroughs.
 */
export async function demoCommand(args: readonly string[], io: CliIO): Promise<number> {
  const { values, help, json } = parse(args, ['cases', 'seed'], { min: 0, max: 0 }, { json: true });
  if (help) {
    io.stdout.write(usage.demo);
    return EXIT.ok;
  }
  const cases = values.cases === undefined ? 60 : Number(values.cases);
  if (!Number.isInteger(cases) || cases < 1 || cases > MAX_CASES) {
    throw new UsageError(`--cases must be a whole number from 1 to ${MAX_CASES} (got "${values.cases}")`);
  }
  const seed = values.seed ?? '1';
  if (seed.trim() === '') throw new UsageError('--seed must not be empty');

  // The walkthroughs first: the same every run, whatever the seed (narration: not in --json).
  if (!json) {
    const walkthroughs = await runWalkthroughs();
    io.stdout.write(walkthroughs.text);
    io.stdout.write('\n');
    // AUDIT-TRAIL: the first complaint's file, replayed through the case runtime (masked).
    io.stdout.write(await complaintCaseFile(walkthroughs.complaints[0]!, 'markdown'));
    io.stdout.write('\n');
  }

  // Only on a terminal: a redirected stderr gets no control characters.
  const bar = io.stderr.isTTY ? progressBar(io.stderr) : undefined;
  const result = await runDemo({ cases, seed, ...(bar ? { onProgress: (d: number, t: number) => bar.update(d, t) } : {}) });
  bar?.clear();
  if (json) writeJson(io.stdout, reportData(result));
  else io.stdout.write(renderReport(result));
  return EXIT.ok;
}

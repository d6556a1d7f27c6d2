/**
 * What the package costs a host: the bundle a browser app pays for the root entry and the
 * complaint machine (minified and gzipped, xstate external: the host has it anyway), and how
 * long a cold `import('kefu')` takes against a cold `import('xstate')` in fresh Node processes.
 *
 * `measureBundle` is also what test/package.size.test.ts holds to the budget in CI.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The size budget of root + complaint, min+gz, xstate external. The issue's target is 40 KB.
 * Classic zod cost about 28 KB gz of the bundle, because every classic schema carries every method
 * and nothing of it tree-shakes; kefu's schemas are now on zod/mini (test/package.size.test.ts
 * checks that no classic zod module is in the bundle), which took the bundle from 60.2 to 45.2 KB:
 * docs/benchmarks.md, "Package weight". 48 KB until the rest of the way to 40 KB is trimmed.
 */
export const bundleBudgetBytes = 48 * 1024;

/** Bytes of the bundle, and the inputs that weigh most. */
export interface BundleSize {
  readonly minified: number;
  readonly gzipped: number;
  /** Minified bytes by package (`zod`, `date-fns`) or by kefu folder (`src/rules`), largest first. */
  readonly parts: ReadonlyArray<readonly [string, number]>;
  /** Every input file with bytes in the output (paths as esbuild gives them). */
  readonly inputs: readonly string[];
}

/** Bundle `kefu` + `kefu/machines/complaint` as a browser app would (esbuild, minified, tree-shaken). */
export async function measureBundle(): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: "export * from './src/index.ts';\nexport * from './machines/complaint/index.ts';\n", resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['xstate'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const parts = new Map<string, number>();
  const inputs: string[] = [];
  for (const [input, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)) {
    if (bytesInOutput > 0) inputs.push(input);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const key = pkg ?? input.split('/').slice(0, 2).join('/');
    parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
  }
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, parts: [...parts].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]), inputs };
}

/** One cold `import(specifier)` in a fresh Node process: wall milliseconds, and the CPU milliseconds it used. */
function coldImport(specifier: string): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(specifier)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })) as { wall: number; cpu: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Medians of the cold imports of kefu's root entry and xstate, and their ratios. */
export interface ColdImport {
  readonly kefuMs: number;
  readonly xstateMs: number;
  /** kefuMs / xstateMs: wall time, what a user waits for. */
  readonly ratio: number;
  readonly kefuCpuMs: number;
  readonly xstateCpuMs: number;
  /** The CPU-time ratio: steadier than the wall-time ratio on a shared, busy machine. */
  readonly cpuRatio: number;
}

/**
 * Cold import of the root entry, built as the package ships it (dependencies not bundled),
 * against xstate's, alternating so both see the same machine load.
 */
export async function measureColdImport(runs = 9): Promise<ColdImport> {
  const dir = mkdtempSync(join(root, 'node_modules', '.kefu-bench-'));
  try {
    const entry = join(dir, 'index.js');
    await build({ entryPoints: [join(root, 'src/index.ts')], bundle: true, format: 'esm', platform: 'node', packages: 'external', outfile: entry, logLevel: 'silent' });
    const kefu: { wall: number; cpu: number }[] = [];
    const xstate: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) {
      xstate.push(coldImport('xstate'));
      kefu.push(coldImport(entry));
    }
    const kefuMs = median(kefu.map((r) => r.wall));
    const xstateMs = median(xstate.map((r) => r.wall));
    const kefuCpuMs = median(kefu.map((r) => r.cpu));
    const xstateCpuMs = median(xstate.map((r) => r.cpu));
    return { kefuMs, xstateMs, ratio: kefuMs / xstateMs, kefuCpuMs, xstateCpuMs, cpuRatio: kefuCpuMs / xstateCpuMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Print the package's weight as Markdown (bench/index.ts calls this). */
export async function printPackageBench(): Promise<void> {
  const size = await measureBundle();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('\n## Package weight\n');
  console.log(`root + complaint, xstate external: ${kb(size.minified)} minified, **${kb(size.gzipped)} min+gz** (budget ${kb(bundleBudgetBytes)}, checked by test/package.size.test.ts)`);
  console.log(`largest parts (minified): ${size.parts.slice(0, 6).map(([k, b]) => `${k} ${kb(b)}`).join(', ')}`);
  const cold = await measureColdImport();
  console.log(`cold import in a fresh Node process (median of 9): import('kefu') ${cold.kefuMs.toFixed(0)} ms, import('xstate') ${cold.xstateMs.toFixed(0)} ms — **${cold.ratio.toFixed(1)}×** (target ≤ 3×)`);
  console.log(`the same imports in CPU time: ${cold.kefuCpuMs.toFixed(0)} ms against ${cold.xstateCpuMs.toFixed(0)} ms — ${cold.cpuRatio.toFixed(1)}× (steadier than wall time when the machine is busy)`);
}

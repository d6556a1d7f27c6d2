/**
 * What the package costs a host: the bundle a browser app pays for the root entry and the
 * complaint machine (minified and gzipped, xstate external: the host has it anyway), and how
 * long a cold `import('kefu')` takes against a cold `import('xstate')` in fresh Node processes,
 * with kefu built as it ships (tsup.config.ts: zod and date-fns bundled, xstate external).
 *
 * `measureBundle` is also what test/package.size.test.ts holds to the budget in CI.
 */
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The size budget of root + complaint, min+gz, xstate external, in bytes: issue 13's "≤ 40 KB",
 * read as 40 KB = 40,000 bytes, so the bundle is under 40 KB whether a reader takes a KB as 1,000
 * or 1,024 bytes. Classic zod cost about 28 KB gz of the bundle, because every classic schema
 * carries every method and nothing of it tree-shakes; kefu's schemas are now on zod/mini
 * (test/package.size.test.ts checks that no classic zod module is in the bundle), which took the
 * bundle from 60.2 to 45.2 KB: docs/benchmarks.md, "Package weight". The rule catalogue's source
 * quotes moved to `kefu/rule-sources` (45,227 -> 43,786 bytes); each machine carries its own
 * default permission table (43,899 -> 42,783 bytes); the other processes' rule messages travel with
 * them and the whole catalogue moved to `kefu/rule-sources` (42,783 -> 40,444 bytes; 40,507 with
 * main's later changes); kefu's own English zod messages replace zod's `en` locale
 * (40,507 -> 39,862 bytes); the complaint's partial schemas are built without zod's
 * `partial`/`omit`/`required`/`extend` (39,862 -> 39,248 bytes); main then grew to 39,902 bytes, and the
 * brand that makes kefu's errors recognised across its ESM and CommonJS copies, with bytes found
 * elsewhere to pay for it, took it to 39,990 (docs/benchmarks.md, "Errors recognised across copies");
 * the complaint chart's step helpers and `iso()` in two more places took it to 39,947.
 */
export const bundleBudgetBytes = 40_000;

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

/** One cold `import(specifier)` in a fresh Node process started in `cwd`: wall milliseconds, and the CPU milliseconds it used. */
function coldImport(specifier: string, cwd: string): { wall: number; cpu: number } {
  const script = `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(specifier)}); const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' })) as { wall: number; cpu: number };
}

/**
 * The files Node reads for `import(specifier)` from `cwd`: ES modules through a load hook, and
 * CommonJS ones (xstate's `import` condition is a wrapper around its CommonJS build) from
 * `require.cache`. Paths are relative to `cwd`'s `node_modules`.
 */
function filesLoaded(specifier: string, cwd: string): string[] {
  const hook = `export async function load(url, context, next) { if (url.startsWith('file:')) process.stderr.write('LOADED ' + url + '\\n'); return next(url, context); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const script = `import { createRequire } from 'node:module'; await import(${JSON.stringify(specifier)}); for (const f of Object.keys(createRequire(import.meta.url).cache)) process.stderr.write('LOADED ' + f + '\\n');`;
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, '--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import(${specifier}) failed: ${result.stderr}`);
  const files = new Set<string>();
  for (const [, file] of result.stderr.matchAll(/^LOADED (.+)$/gm)) {
    const path = file!.startsWith('file:') ? fileURLToPath(file!) : file!;
    files.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  return [...files].sort();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Medians of the cold imports of kefu's root entry and xstate, their ratios, and the files each loads. */
export interface ColdImport {
  readonly runs: number;
  readonly kefuMs: number;
  readonly xstateMs: number;
  /** kefuMs / xstateMs: wall time, what a user waits for. */
  readonly ratio: number;
  readonly kefuCpuMs: number;
  readonly xstateCpuMs: number;
  /** The CPU-time ratio: steadier than the wall-time ratio on a shared, busy machine. */
  readonly cpuRatio: number;
  /** Files `import('kefu')` reads, by package (`kefu` for its own dist files), most first. */
  readonly kefuFiles: ReadonlyArray<readonly [string, number]>;
  /** Files `import('xstate')` reads. */
  readonly xstateFiles: number;
}

const byPackage = (files: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const f of files) {
    const pkg = /^((?:@[^/]+\/)?[^/]+)/.exec(f)![1]!;
    counts.set(pkg, (counts.get(pkg) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
};

/**
 * Build kefu's ES module entries as the package ships them — tsup with the options of
 * tsup.config.ts (code splitting, the bundled dependencies, xstate and the peers external) — into a
 * scratch `node_modules/kefu` with the package's package.json, and time a cold `import('kefu')`
 * against a cold `import('xstate')` from there, alternating so both see the same machine load.
 */
export async function measureColdImport(runs = 15): Promise<ColdImport> {
  const scratch = mkdtempSync(join(root, 'node_modules', '.kefu-bench-'));
  const pkgDir = join(scratch, 'node_modules', 'kefu');
  const cwd = process.cwd();
  try {
    const [{ build: tsup }, config] = await Promise.all([import('tsup'), import('../tsup.config.js')]);
    // tsup reads the package.json of the working directory (dependencies, peers) for what stays external.
    process.chdir(root);
    await tsup({ ...config.common, entry: config.entries, format: ['esm'], dts: false, outDir: join(pkgDir, 'dist'), config: false, silent: true });
    copyFileSync(join(root, 'package.json'), join(pkgDir, 'package.json'));
    const kefu: { wall: number; cpu: number }[] = [];
    const xstate: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < runs; i++) {
      xstate.push(coldImport('xstate', scratch));
      kefu.push(coldImport('kefu', scratch));
    }
    const kefuMs = median(kefu.map((r) => r.wall));
    const xstateMs = median(xstate.map((r) => r.wall));
    const kefuCpuMs = median(kefu.map((r) => r.cpu));
    const xstateCpuMs = median(xstate.map((r) => r.cpu));
    return {
      runs,
      kefuMs,
      xstateMs,
      ratio: kefuMs / xstateMs,
      kefuCpuMs,
      xstateCpuMs,
      cpuRatio: kefuCpuMs / xstateCpuMs,
      kefuFiles: byPackage(filesLoaded('kefu', scratch)),
      xstateFiles: filesLoaded('xstate', scratch).length,
    };
  } finally {
    process.chdir(cwd);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Print the package's weight as Markdown (bench/index.ts calls this). */
export async function printPackageBench(): Promise<void> {
  const size = await measureBundle();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const bytes = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  console.log('\n## Package weight\n');
  console.log(`root + complaint, xstate external: ${bytes(size.minified)} minified, **${bytes(size.gzipped)} min+gz** (budget ${bytes(bundleBudgetBytes)}: 40 KB = 40,000 bytes; checked by test/package.size.test.ts)`);
  console.log(`largest parts (minified): ${size.parts.slice(0, 6).map(([k, b]) => `${k} ${kb(b)}`).join(', ')}`);
  const cold = await measureColdImport();
  console.log(`cold import in a fresh Node process, as shipped (median of ${cold.runs}): import('kefu') ${cold.kefuMs.toFixed(0)} ms, import('xstate') ${cold.xstateMs.toFixed(0)} ms — **${cold.ratio.toFixed(1)}×** (target ≤ 3×)`);
  console.log(`the same imports in CPU time: ${cold.kefuCpuMs.toFixed(0)} ms against ${cold.xstateCpuMs.toFixed(0)} ms — ${cold.cpuRatio.toFixed(1)}× (steadier than wall time when the machine is busy)`);
  const files = cold.kefuFiles.reduce((n, [, c]) => n + c, 0);
  console.log(`files read: import('kefu') ${files} (${cold.kefuFiles.map(([p, c]) => `${p} ${c}`).join(', ')}), import('xstate') ${cold.xstateFiles}`);
}

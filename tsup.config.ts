import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

// One entry per public subpath; scripts/sync-exports.ts writes package.json's exports from these.
/** Entries built as ESM and CommonJS. */
export const entries = {
  index: 'src/index.ts',
  'time/index': 'src/time/index.ts',
  'calendars/cn/index': 'src/calendars/cn/index.ts',
  'staff/index': 'src/staff/index.ts',
  'quality/index': 'src/quality/index.ts',
  'runtime/index': 'src/runtime/index.ts',
  'postgres/index': 'src/postgres/index.ts',
  'machines/complaint/index': 'machines/complaint/index.ts',
  'machines/email/index': 'machines/email/index.ts',
  'machines/chat/index': 'machines/chat/index.ts',
  'machines/call/index': 'machines/call/index.ts',
  'machines/inquiry/index': 'machines/inquiry/index.ts',
  'machines/suggestion/index': 'machines/suggestion/index.ts',
  'machines/return-visit/index': 'machines/return-visit/index.ts',
  'machines/return-visit-cycle/index': 'machines/return-visit-cycle/index.ts',
  'machines/order/index': 'machines/order/index.ts',
  'machines/return-exchange/index': 'machines/return-exchange/index.ts',
  'machines/customer-data/index': 'machines/customer-data/index.ts',
  'machines/campaign/index': 'machines/campaign/index.ts',
  // ESM-only peers, loaded from CommonJS too: @statelyai/inspect through Node's require(esm)
  // (Node 20.19+, the engines floor), beautiful-mermaid through a dynamic import() on first use.
  'inspect/index': 'src/inspect/index.ts',
  'diagram/index': 'src/diagram/index.ts',
  'rule-sources/index': 'src/rule-sources/index.ts',
  'machines/walk-in/index': 'machines/walk-in/index.ts',
  'machines/quality-audit/index': 'machines/quality-audit/index.ts',
  'machines/monthly-assessment/index': 'machines/monthly-assessment/index.ts',
};

/** ESM-only entries: the CLI (a bin, not an import) uses top-level await. */
export const esmOnlyEntries = {
  'cli/main': 'src/cli/main.ts',
};

/**
 * Dependencies bundled into dist (tree-shaken, one copy shared by every entry) instead of
 * imported at run time. Unbundled, `import('zod')` alone loads about 95 modules (its core, and
 * its classic entry's 63 locale modules) and took about 3× a cold `import('xstate')`;
 * `@date-fns/tz`'s entry loads 8 more. kefu's schemas are therefore zod 4 objects of kefu's own
 * copy of zod: docs/benchmarks.md, "Package weight", says what that means for a host. zod stays
 * in `dependencies` because the published .d.ts files import its types.
 */
export const bundledDependencies = ['zod', 'date-fns', '@date-fns/tz'];

/** What every build shares; bench/package.ts builds the root entry with these too. */
export const common: Options = {
  dts: true,
  // No source maps in the package: they embedded every source file again and were 5.4 MB of the
  // 9.9 MB installed; dist is not minified, so stack traces stay readable without them.
  sourcemap: false,
  splitting: true,
  treeshake: true,
  target: 'node20',
  // dist/ is emptied by the build script: two configs cleaning it would race.
  clean: false,
  external: ['xstate', 'pg', 'pg-boss', '@statelyai/inspect', '@electric-sql/pglite', 'beautiful-mermaid'],
  noExternal: bundledDependencies,
};

/**
 * dist/THIRD-PARTY-NOTICES.md: the licence of every bundled dependency (all MIT), which asks for
 * its notice in every copy of the code.
 */
export async function writeThirdPartyNotices(outDir = 'dist'): Promise<void> {
  const sections = bundledDependencies.map((name) => {
    const dir = join('node_modules', name);
    const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
    const licence = readdirSync(dir).find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
    if (!licence) throw new Error(`${name} has no licence file to copy into ${outDir}/THIRD-PARTY-NOTICES.md`);
    return `## ${name} ${version}\n\n${readFileSync(join(dir, licence), 'utf8').trim()}\n`;
  });
  writeFileSync(
    join(outDir, 'THIRD-PARTY-NOTICES.md'),
    `# Third-party notices\n\nkefu's dist bundles the following packages (tsup.config.ts, \`bundledDependencies\`).\n\n${sections.join('\n')}`,
  );
}

export default defineConfig([
  { ...common, entry: entries, format: ['esm', 'cjs'], onSuccess: () => writeThirdPartyNotices() },
  // The CLI is a bin, never imported: no .d.ts (a second declaration build over the whole source
  // tree, a third of the build's CPU).
  { ...common, entry: esmOnlyEntries, format: ['esm'], dts: false },
]);

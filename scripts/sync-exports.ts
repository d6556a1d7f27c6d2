/**
 * Keep package.json's `exports` map in step with the tsup entries (one subpath per entry).
 * Run: npx tsx scripts/sync-exports.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { entries, esmOnlyEntries } from '../tsup.config.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const subpath = (name: string) => (name === 'index' ? '.' : `./${name.replace(/\/index$/, '')}`);
const exportsMap: Record<string, unknown> = {};
for (const name of Object.keys(entries)) {
  exportsMap[subpath(name)] = {
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  };
}
for (const name of Object.keys(esmOnlyEntries)) {
  if (name.startsWith('cli/')) continue; // the CLI is a bin, not an import
  exportsMap[subpath(name)] = { import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` } };
}
exportsMap['./package.json'] = './package.json';
pkg.exports = exportsMap;
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(Object.keys(exportsMap).join('\n'));

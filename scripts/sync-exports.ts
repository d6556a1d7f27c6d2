/**
 * Keep package.json's `exports` map in step with the tsup entries (one subpath per entry).
 * Run: npx tsx scripts/sync-exports.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { entries } from '../tsup.config.js';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const exportsMap: Record<string, unknown> = {};
for (const name of Object.keys(entries)) {
  const sub = name === 'index' ? '.' : `./${name.replace(/\/index$/, '')}`;
  exportsMap[sub] = {
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
  };
}
exportsMap['./package.json'] = './package.json';
pkg.exports = exportsMap;
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
console.log(Object.keys(exportsMap).join('\n'));

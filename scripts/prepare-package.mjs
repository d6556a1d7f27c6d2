#!/usr/bin/env node
// Builds the package when dist/ is missing or older than the sources, then packs the tarball
// the package test installs (.tmp/package/). Runs as `pretest`, before vitest starts, so the
// build never has to finish inside a test's or hook's timeout, however busy the machine is.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.tmp/package');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function newest(dir) {
  let latest = 0;
  for (const f of readdirSync(join(root, dir), { recursive: true })) {
    const m = statSync(join(root, dir, String(f))).mtimeMs;
    if (m > latest) latest = m;
  }
  return latest;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targets = Object.values(pkg.exports)
  .filter((e) => typeof e === 'object')
  .map((e) => e.import.default);
const builtAt = existsSync(join(root, 'dist/index.js')) ? statSync(join(root, 'dist/index.js')).mtimeMs : 0;
const sourcesAt = Math.max(
  newest('src'),
  newest('machines'),
  ...['package.json', 'tsup.config.ts'].map((f) => statSync(join(root, f)).mtimeMs),
);
const t0 = Date.now();
if (sourcesAt > builtAt || !targets.every((t) => existsSync(join(root, t)))) {
  console.log('prepare-package: dist is missing or older than the sources; building (npm run build)…');
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const packed = JSON.parse(
  execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: root, encoding: 'utf8' }),
);
const tarball = join(out, packed[0].filename);
writeFileSync(join(out, 'manifest.json'), JSON.stringify({ tarball, packedAt: Date.now(), sourcesAt }));
console.log(`prepare-package: packed ${packed[0].filename} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

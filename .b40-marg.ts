import { build, transform } from 'esbuild';
import { gzipSync } from 'node:zlib';
const root = process.cwd() + '/';
const result = await build({
  stdin: { contents: "export * from './src/index.ts';\nexport * from './machines/complaint/index.ts';\n", resolveDir: root, loader: 'ts' },
  bundle: true, minify: false, format: 'esm', platform: 'browser', external: ['xstate'], write: false, logLevel: 'silent',
});
const text = result.outputFiles[0]!.text;
const parts = text.split(/^(?=\/\/ (?:src|machines|node_modules)\/\S+$)/m);
const mins: [string, string][] = [];
for (const p of parts) {
  const name = /^\/\/ (\S+)/.exec(p)?.[1] ?? '(head)';
  let m = p; try { m = (await transform(p, { minify: true, loader: "js" })).code; } catch {}
  mins.push([name, m]);
}
const gz = (s: string) => gzipSync(s, { level: 9 }).length;
const all = mins.map(([, m]) => m).join('');
const total = gz(all);
console.log('total approx gz', total, 'min', all.length);
const rows = mins.map(([n, m], i) => [n, m.length, total - gz(mins.filter((_, j) => j !== i).map(([, x]) => x).join(''))] as const);
rows.sort((a, b) => b[2] - a[2]);
for (const [n, m, g] of rows.slice(0, 45)) console.log(String(g).padStart(6), String(m).padStart(7), n);

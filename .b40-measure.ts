import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';
const root = '/work/wt/bundle40/';
const result = await build({
  stdin: { contents: "export * from './src/index.ts';\nexport * from './machines/complaint/index.ts';\n", resolveDir: root, loader: 'ts' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', external: ['xstate'], write: false, metafile: true, logLevel: 'silent',
});
const code = result.outputFiles[0]!.contents;
writeFileSync('/tmp/b40-bundle.js', code);
writeFileSync('/tmp/b40-meta.json', JSON.stringify(result.metafile));
console.log('min', code.length, 'gz', gzipSync(code, { level: 9 }).length);
const ins = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs).map(([k, v]) => [k, v.bytesInOutput] as const).filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
for (const [k, b] of ins.slice(0, Number(process.argv[2] ?? 60))) console.log(String(b).padStart(7), k);

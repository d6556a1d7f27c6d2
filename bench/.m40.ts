import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const root = process.cwd();
const r = await build({ stdin: { contents: "export * from './src/index.ts';\nexport * from './machines/complaint/index.ts';\n", resolveDir: root, loader: 'ts' }, bundle: true, minify: true, format: 'esm', platform: 'browser', external: ['xstate'], write: false, metafile: true, logLevel: 'silent' });
const code = r.outputFiles[0]!.contents;
console.log('gz', gzipSync(code, { level: 9 }).length, 'min', code.length);
const ins = Object.entries(Object.values(r.metafile.outputs)[0]!.inputs).filter(([f, v]) => v.bytesInOutput > 0 && !f.includes('node_modules')).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
for (const [f, v] of ins.slice(0, Number(process.argv[2] ?? 60))) console.log(v.bytesInOutput, f);

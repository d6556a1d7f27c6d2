import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
for (const charset of ['ascii', 'utf8'] as const) {
const result = await build({
  stdin: { contents: "export * from './src/index.ts';\nexport * from './machines/complaint/index.ts';\n", resolveDir: process.cwd(), loader: 'ts' },
  bundle: true, minify: true, format: 'esm', platform: 'browser', external: ['xstate'], write: false, logLevel: 'silent', charset,
});
const code = result.outputFiles[0]!.contents;
console.log(charset, 'min', code.length, 'gz', gzipSync(code, { level: 9 }).length);
}

/**
 * Bundles the page with esbuild (in memory) and serves it from node:http on localhost.
 * Run: `npx tsx examples/react/serve.ts`, then open the printed URL.
 */
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The page's JavaScript: React, xstate and kefu (with its runtime) in one ES module. */
export async function buildReactExample(): Promise<string> {
  const result = await build({
    entryPoints: [here('./main.tsx')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    // `kefu` resolves to the sources through the repository's tsconfig paths.
    tsconfig: here('../../tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A running server: its URL and how to stop it. */
export interface ExampleServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Build the page and serve it on 127.0.0.1 (`port: 0` picks a free port). */
export async function serveReactExample(port = 0): Promise<ExampleServer> {
  const [html, css, js] = await Promise.all([readFile(here('./index.html'), 'utf8'), readFile(here('./styles.css'), 'utf8'), buildReactExample()]);
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    } else if (req.url === '/styles.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css);
    } else if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) {
  const { url } = await serveReactExample(Number(process.env.PORT ?? 5173));
  console.log(`kefu React example: ${url} (Ctrl+C to stop)`);
}

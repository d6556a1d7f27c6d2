import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the public entry points by their package names, as users do.
    alias: [
      { find: /^kefu\/machines\/(.*)$/, replacement: r('./machines/$1/index.ts') },
      { find: /^kefu\/(.*)$/, replacement: r('./src/$1/index.ts') },
      { find: /^kefu$/, replacement: r('./src/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Generous: these catch hangs, not slowness. A busy 2-core machine (load 15+) runs the
    // suite several times slower than a quiet one, and that must not fail a test.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

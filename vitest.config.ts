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
    testTimeout: 30_000,
  },
});

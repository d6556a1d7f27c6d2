import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Test files that replace a module with `vi.mock`: they run in a fresh module registry of their
 * own. Every other file shares its worker's registry with the files before it (`isolate: false`):
 * each file used to import kefu's sources, zod and xstate anew, which was half of the suite's
 * CPU time on a 2-core machine. A file that mocks a module, stubs a global or changes
 * process-wide state without restoring it belongs in this list.
 */
const isolated = ['test/diagram.optional.test.ts', 'test/roles.tables.test.ts', 'test/rules.catalogue.test.ts'];

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
    // Generous: these catch hangs, not slowness. A busy 2-core machine (load 15+) runs the
    // suite several times slower than a quiet one, and that must not fail a test.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: isolated, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: isolated, isolate: true } },
    ],
  },
});

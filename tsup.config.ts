import { defineConfig } from 'tsup';

// One entry per public subpath; the exports map in package.json mirrors this list.
export const entries = {
  index: 'src/index.ts',
  'time/index': 'src/time/index.ts',
  'machines/complaint/index': 'machines/complaint/index.ts',
  'machines/email/index': 'machines/email/index.ts',
  'machines/chat/index': 'machines/chat/index.ts',
  'machines/call/index': 'machines/call/index.ts',
  'machines/inquiry/index': 'machines/inquiry/index.ts',
  'machines/suggestion/index': 'machines/suggestion/index.ts',
  'machines/return-visit/index': 'machines/return-visit/index.ts',
  'machines/return-visit-cycle/index': 'machines/return-visit-cycle/index.ts',
  'machines/order/index': 'machines/order/index.ts',
  'machines/return-exchange/index': 'machines/return-exchange/index.ts',
  'machines/customer-data/index': 'machines/customer-data/index.ts',
  'machines/campaign/index': 'machines/campaign/index.ts',
  'staff/index': 'src/staff/index.ts',
  'quality/index': 'src/quality/index.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  external: ['xstate', 'pg', 'pg-boss', '@statelyai/inspect', '@electric-sql/pglite'],
});

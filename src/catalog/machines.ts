/**
 * The list of machine modules kefu ships. The CLI (`kefu diagram`, `kefu demo`), the docs
 * script and the inspector tests find machines here, so none of them imports a specific
 * machine.
 *
 * Adding a machine: add one line `'<folder>': () => import('../../machines/<folder>/index.js')`.
 * `test/machines-named.test.ts` fails while a folder under `machines/` is missing here.
 *
 * Lazy on purpose: `kefu rules` does not load any machine, and a bundler keeps each machine in
 * its own chunk.
 */
export const machineModules = {
  complaint: () => import('../../machines/complaint/index.js'),
  call: () => import('../../machines/call/index.js'),
  inquiry: () => import('../../machines/inquiry/index.js'),
  suggestion: () => import('../../machines/suggestion/index.js'),
  email: () => import('../../machines/email/index.js'),
  chat: () => import('../../machines/chat/index.js'),
  'return-visit': () => import('../../machines/return-visit/index.js'),
  'return-visit-cycle': () => import('../../machines/return-visit-cycle/index.js'),
  order: () => import('../../machines/order/index.js'),
  'return-exchange': () => import('../../machines/return-exchange/index.js'),
  'customer-data': () => import('../../machines/customer-data/index.js'),
  campaign: () => import('../../machines/campaign/index.js'),
  'walk-in': () => import('../../machines/walk-in/index.js'),
  'quality-audit': () => import('../../machines/quality-audit/index.js'),
  'monthly-assessment': () => import('../../machines/monthly-assessment/index.js'),
} satisfies Record<string, () => Promise<Record<string, unknown>>>;

/** A folder name under `machines/` that the catalog lists. */
export type MachineModuleName = keyof typeof machineModules;

import { createActor, SimulatedClock } from 'xstate';
import { sendOrThrow } from 'kefu';
import { customerDataMachine, type CustomerDataInput } from 'kefu/machines/customer-data';
import { people } from './principals.js';

/** A local time in Asia/Shanghai (the default policy's zone). Tuesday 2026-12-01 by default. */
export const T = (hhmm: string, day = '2026-12-01') => `${day}T${hhmm}:00+08:00`;

/** A team of three agents: two juniors who handle every category, one senior for key customers. */
export const team: CustomerDataInput = {
  teamId: 'team-1',
  agents: [
    { agentId: 'A1', level: 1 },
    { agentId: 'A2', level: 1 },
    { agentId: 'A3', level: 3, categories: ['vip', 'fleet'] },
  ],
  owners: { retail: 'A1', vip: 'A3' },
  at: T('08:00'),
};

/** Start a customer-data actor on a simulated clock (no real timer ever fires in a test). */
export function startCustomerData(input: CustomerDataInput = team, clock: SimulatedClock = new SimulatedClock()) {
  return createActor(customerDataMachine, { input, clock }).start();
}

type Actor = ReturnType<typeof startCustomerData>;

/**
 * Open the day, collect `n` new-customer records (R1…Rn for K1…Kn, by A1), submit, and file
 * each under `retail` unless `leaveOut` names it.
 */
export function collectAndFile(actor: Actor, n: number, options: { day?: string; leaveOut?: string[] } = {}) {
  const day = options.day ?? '2026-12-01';
  sendOrThrow(actor, { type: 'DAY.OPEN', by: people.agent, date: day, at: T('09:00', day) });
  for (let i = 1; i <= n; i++) {
    sendOrThrow(actor, { type: 'RECORD.COLLECT', by: people.agent, recordId: `R${i}`, customerId: `K${i}`, agentId: 'A1', kind: 'new', at: T('09:30', day) });
  }
  sendOrThrow(actor, { type: 'COLLECTION.SUBMIT', by: people.agent, at: T('16:00', day) });
  for (let i = 1; i <= n; i++) {
    if (options.leaveOut?.includes(`R${i}`)) continue;
    sendOrThrow(actor, { type: 'RECORD.FILE', by: people.supervisor, recordId: `R${i}`, category: 'retail', at: T('16:30', day) });
  }
}

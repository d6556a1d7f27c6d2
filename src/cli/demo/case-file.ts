import type { AnyStateMachine, EventObject } from 'xstate';
import type { Policy } from '../../policy/index.js';
import { createCaseRuntime } from '../../runtime/runtime.js';
import { InMemoryScheduler } from '../../runtime/memory-scheduler.js';
import type { CaseFile } from '../../runtime/case-file.js';
import type { HistoryPrincipal } from '../../runtime/history.js';

/**
 * AUDIT-TRAIL in the demo: a complaint of the walkthrough, replayed step by step through the
 * case runtime (in memory), so its history — who did what, when, what was refused and by which
 * rule, the deadlines that fired — comes out as the complaint file (投诉归档资料), masked.
 */

/** A complaint as the walkthrough narrated it: its form and every event it sent, with the time and the sender. */
export interface RecordedComplaint {
  readonly machine: AnyStateMachine;
  readonly policy: Policy;
  readonly form: Readonly<Record<string, unknown>> & { readonly caseId: string; readonly receivedAt: string };
  /** Each event as sent (without `at`), its time, and who sent it when the narration said so. */
  readonly steps: readonly { readonly at: string; readonly event: EventObject; readonly by?: HistoryPrincipal }[];
}

/**
 * Fields of the complaint that hold no personal data, shown in the demo's file (a host chooses
 * its own `allow` list; everything else is masked).
 */
const ALLOW = [
  'context.step',
  'context.form.channel',
  'context.form.member',
  'context.assessment.verdict',
  'context.assessment.department',
  'context.assessment.investigationDays',
  'context.investigation.cause',
  'context.investigation.handler',
  'event.input.form.channel',
  'event.input.form.member',
  'event.department',
  'event.investigationDays',
  'event.proposalId',
  'event.cause',
  'event.handler',
  'event.method',
  'event.satisfaction',
];

/** The demo's agent: who acts when the narration names nobody. */
const AGENT: HistoryPrincipal = { id: 'A-01', role: 'agent' };

/**
 * Replay a recorded complaint through the runtime and export its case file. Deadlines that fall
 * between two steps fire first, as they did in the walkthrough (recorded with principal `system`).
 */
export async function complaintCaseFile(recorded: RecordedComplaint, format: 'markdown'): Promise<string>;
export async function complaintCaseFile(recorded: RecordedComplaint, format: 'json'): Promise<CaseFile>;
export async function complaintCaseFile(recorded: RecordedComplaint, format: 'markdown' | 'json'): Promise<string | CaseFile> {
  const runtime = createCaseRuntime({ machines: [recorded.machine], scheduler: new InMemoryScheduler({ autoDeliver: false }) });
  const caseId = recorded.form.caseId;
  await runtime.open(caseId, recorded.machine.id, { form: recorded.form, policy: recorded.policy }, { now: recorded.form.receivedAt, by: AGENT, eventId: `${caseId}#open` });
  let n = 0;
  for (const { at, event, by } of recorded.steps) {
    await runtime.fireOverdue({ now: at });
    await runtime.send(caseId, { ...event, at }, { now: at, by: by ?? AGENT, eventId: `${caseId}#${++n}` });
  }
  return format === 'markdown' ? runtime.exportCaseFile(caseId, { format, allow: ALLOW }) : runtime.exportCaseFile(caseId, { allow: ALLOW });
}

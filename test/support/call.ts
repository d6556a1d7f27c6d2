import { createActor, type Actor, type AnyStateMachine, type AnyStateNode } from 'xstate';
import { sendOrThrow } from 'kefu';
import { callMachine, type CallEvent, type CallInput } from 'kefu/machines/call';
import { people } from './principals.js';

/** A time on Tuesday 2026-12-01 (a working day) in Asia/Shanghai; `hh:mm` or `hh:mm:ss`. */
export const T = (time: string, day = '2026-12-01') => `${day}T${time.length === 5 ? `${time}:00` : time}+08:00`;

/** A call coming in on Tuesday 10:00 Shanghai, caller ID shown. */
export const callInput = {
  callId: 'CA-2026-0001',
  at: T('10:00'),
  callerNumber: '+86 138 0013 8000',
} satisfies CallInput;

/** The caller's details, as the agent records them. */
export const caller = {
  name: '王先生',
  contact: { phone: '+86 138 0013 8000' },
  content: '保养后发动机异响',
} as const;

export function startCall(input: CallInput = callInput, options: Omit<Parameters<typeof createActor<typeof callMachine>>[1] & object, 'input'> = {}) {
  return createActor(callMachine, { input, ...options }).start();
}

type CallActor = Actor<typeof callMachine>;

/** Answer with the script, record name/contact/content, identify the caller. Ends in `classifying`. */
export function answerAndRecord(actor: CallActor, at = '10:00:05'): void {
  sendOrThrow(actor, { type: 'CALL.ANSWER', by: people.agent, agent: '客服小周', at: T(at) });
  sendOrThrow(actor, { type: 'RECORD.UPDATE', by: people.agent, fields: { content: caller.content }, at: T('10:00:30') });
  sendOrThrow(actor, { type: 'CALLER.IDENTIFY', by: people.agent, name: caller.name, contact: caller.contact, at: T('10:01') });
}

/** Answer, record, and classify as `kind` (an inquiry by default). Ends in `handling`. */
export function toHandling(actor: CallActor, classify: Omit<Extract<CallEvent, { type: 'CALL.CLASSIFY' }>, 'type' | 'at'> = { kind: 'inquiry' }): void {
  answerAndRecord(actor);
  sendOrThrow(actor, { type: 'CALL.CLASSIFY', by: people.agent, ...classify, at: T('10:02') });
}

/** The state value of an actor as a dotted path, e.g. `connected.talking.handling`. */
export function stateOf(actor: CallActor): string {
  const flatten = (v: unknown): string =>
    typeof v === 'string' ? v : Object.entries(v as Record<string, unknown>).map(([k, c]) => `${k}.${flatten(c)}`).join('|');
  return flatten(actor.getSnapshot().value);
}

/**
 * What the conventions ask of a chart and it lacks: a description on every state and every
 * transition (delayed and eventless ones too), and a Chinese name (`meta.zh`) on every state.
 */
export function undocumented(machine: AnyStateMachine): string[] {
  const missing: string[] = [];
  const visit = (node: AnyStateNode) => {
    if (!node.description) missing.push(`${node.id}: description`);
    if (node.parent && !(node.meta as { zh?: string } | undefined)?.zh) missing.push(`${node.id}: meta.zh`);
    for (const [, ts] of node.transitions) for (const t of ts) if (!t.description) missing.push(`${node.id} ${t.eventType}: description`);
    for (const t of node.always ?? []) if (!t.description) missing.push(`${node.id} always: description`);
    Object.values(node.states).forEach(visit);
  };
  visit(machine.root);
  return missing;
}

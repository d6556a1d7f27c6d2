/**
 * A complaint run watched through the WebSocket inspector, offline: the app sends redacted
 * inspection events to a local relay; a receiver (what the Stately inspector's bridge page
 * does) reads them back. Run: `npx tsx examples/inspector/websocket.ts`.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createActor } from 'xstate';
import { createWebSocketReceiver, type StatelyInspectionEvent } from '@statelyai/inspect';
import { complaintMachine, sendOrThrow, type ComplaintEvent, type Principal } from 'kefu';
import { createWebSocketInspector } from 'kefu/inspect';
import { startRelay } from './relay.js';

// Who takes each step comes from the host's authenticated session (ROLE-PERMIT); fixed here.
const staff = {
  agent: { id: 'u-1042', role: 'agent' },
  supervisor: { id: 'u-7', role: 'supervisor' },
  customer: { id: 'cust-0001', role: 'customer' },
} as const satisfies Record<string, Principal>;

/** A complaint as it comes in, with the personal data the inspector must never see. */
export const customer = {
  name: '赵女士',
  phone: '+86 139 1234 5678',
  content: '空调维修后仍然漏水,家住朝阳区望京街道8号',
};

const at = (hhmm: string) => `2026-12-01T${hhmm}:00+08:00`;

/** The case: registered, judged not to stand, explained, acknowledged (the short branch). */
const events: ComplaintEvent[] = [
  { type: 'FORM.UPDATE', by: staff.agent, fields: { contact: { phone: customer.phone }, content: customer.content }, at: at('09:35') },
  { type: 'COMPLAINT.REGISTER', by: staff.agent, at: at('09:40') },
  { type: 'ASSESS.INVALID', by: staff.agent, reason: '保修期已过', at: at('10:00') },
  { type: 'EXPLANATION.GIVE', by: staff.agent, text: '您好,这台空调已过保修期,我们可为您提供优惠检测。', at: at('10:05') },
  { type: 'CUSTOMER.ACKNOWLEDGE', by: staff.customer, at: at('10:10') },
];

/** Run the case with the WebSocket inspector and return what the receiver got. */
export async function runWebSocketExample(log: (line: string) => void = console.log): Promise<StatelyInspectionEvent[]> {
  const relay = await startRelay(0);
  const received: StatelyInspectionEvent[] = [];
  const receiver = createWebSocketReceiver({ server: relay.url });
  receiver.subscribe((event) => received.push(event));

  const inspector = createWebSocketInspector({ url: relay.url });
  const actor = createActor(complaintMachine, {
    input: {
      form: { caseId: 'C-2026-0042', complainant: customer.name, receivedAt: at('09:30'), channel: 'phone', desiredRemedy: '免费维修', member: false },
    },
    inspect: inspector.inspect,
  }).start();
  for (const event of events) sendOrThrow(actor, event);

  // Events travel app → relay → receiver asynchronously; wait for the final snapshot.
  const deadline = Date.now() + 10_000;
  while (!received.some((e) => e.type === '@xstate.snapshot' && e.snapshot.status === 'done')) {
    if (Date.now() > deadline) throw new Error('the receiver did not get the final snapshot within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  inspector.stop();
  await relay.close();

  for (const e of received) {
    if (e.type === '@xstate.actor') log(`actor    ${e.name} (definition: ${e.definition ? `${e.definition.length} chars` : 'none'})`);
    if (e.type === '@xstate.event') log(`event    ${e.event.type}`);
    if (e.type === '@xstate.snapshot') log(`snapshot ${JSON.stringify((e.snapshot as { value?: unknown }).value)} ${e.snapshot.status ?? ''}`);
  }
  const stream = JSON.stringify(received);
  const leaked = [customer.name, customer.phone, customer.content].filter((s) => stream.includes(s));
  log(`\n${received.length} events received; personal data in the stream: ${leaked.length ? leaked.join(', ') : 'none'}`);
  return received;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();
if (invokedDirectly) await runWebSocketExample();

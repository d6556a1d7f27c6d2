/**
 * A complaint run shown in the Stately inspector, in the browser. Bundle this file into a
 * page with any bundler (Vite, esbuild…), open the page: a new tab opens https://stately.ai/inspect
 * and shows the chart, the current step and every event — redacted (PRIVACY): the inspector
 * sees state values, event types, tags, rule IDs and deadlines, never the customer's name,
 * phone number or the text of the complaint.
 *
 * Needs the network (the inspector page is on stately.ai); the WebSocket example
 * (websocket.ts) runs offline.
 */
import { createActor } from 'xstate';
import { complaintMachine, send, type Principal } from 'kefu';
import { createBrowserInspector } from 'kefu/inspect';

// Who takes each step comes from the host's authenticated session (ROLE-PERMIT); fixed here.
const staff = {
  agent: { id: 'u-1042', role: 'agent' },
  supervisor: { id: 'u-7', role: 'supervisor' },
  customer: { id: 'cust-0001', role: 'customer' },
} as const satisfies Record<string, Principal>;

// `allow` lets through fields the host knows hold no personal data; everything else is redacted.
const inspector = createBrowserInspector({ allow: ['context.step', 'context.form.caseId', 'context.form.channel'] });

const actor = createActor(complaintMachine, {
  input: {
    form: {
      caseId: 'C-2026-0099',
      complainant: '周先生',
      contact: { phone: '+86 186 0000 5678' },
      receivedAt: '2026-12-01T10:00:00+08:00',
      channel: 'web',
      content: '预约保养被临时取消',
      desiredRemedy: '重新安排并赠送洗车',
      member: false,
    },
  },
  inspect: inspector.inspect,
}).start();

// Drive the case from the page's buttons; here, two steps to see something in the inspector.
send(actor, { type: 'COMPLAINT.REGISTER', by: staff.agent, at: '2026-12-01T10:05:00+08:00' });
send(actor, { type: 'ASSESS.INVALID', by: staff.agent, reason: '预约取消已提前通知', at: '2026-12-01T10:30:00+08:00' });

import { useRef, useState } from 'react';
import { useMachine } from '@xstate/react';
import { complaintMachine, complaintStepNames, send, type ComplaintEvent, type Outcome, type Principal } from 'kefu';

// Who takes each step comes from the host's authenticated session (ROLE-PERMIT); fixed here.
const staff = {
  agent: { id: 'u-1042', role: 'agent' },
  supervisor: { id: 'u-7', role: 'supervisor' },
  customer: { id: 'cust-0001', role: 'customer' },
} as const satisfies Record<string, Principal>;

/** A complaint as the front desk registers it (made-up customer). */
const form = {
  caseId: 'C-2026-0007',
  complainant: '李女士',
  contact: { phone: '+86 150 0000 1234' },
  receivedAt: '2026-12-01T09:30:00+08:00',
  channel: 'visit' as const,
  content: '更换的刹车片有异响',
  desiredRemedy: '免费更换',
  member: true,
};

type Action = { readonly label: string; readonly event: (at: string) => ComplaintEvent };

/** What the agent can do in each state (by state path). */
const actions: Record<string, readonly Action[]> = {
  register: [{ label: '受理 Register', event: (at) => ({ type: 'COMPLAINT.REGISTER', by: staff.agent, at }) }],
  assess: [
    {
      label: '投诉成立 It stands',
      event: (at) => ({
        type: 'ASSESS.VALID', by: staff.agent,
        department: 'repair',
        investigationDays: 2,
        customerAgreed: true,
        apology: '非常抱歉给您带来不便,我们会尽快调查。',
        promisedBy: '2026-12-03T17:00:00+08:00',
        at,
      }),
    },
    { label: '投诉不成立 It does not stand', event: (at) => ({ type: 'ASSESS.INVALID', by: staff.agent, reason: '刹车片在保修期外', at }) },
  ],
  investigate: [
    {
      label: '记录调查 Record the investigation',
      event: (at) => ({ type: 'INVESTIGATION.RECORD', by: staff.agent, cause: 'repair-quality', detail: '安装未打磨', responsiblePerson: '技师甲', handler: 'repair', at }),
    },
  ],
  'propose.drafting': [
    { label: '提出方案 Propose a remedy', event: (at) => ({ type: 'PROPOSAL.ADD', by: staff.agent, proposalId: 'P1', description: '免费更换刹车片', department: 'repair', at }) },
    { label: '提交主管 Submit', event: (at) => ({ type: 'PROPOSAL.SUBMIT', by: staff.agent, at }) },
  ],
  'propose.awaitingApproval': [{ label: '主管批示 Approve', event: (at) => ({ type: 'SUPERVISOR.APPROVE', by: staff.supervisor, proposalId: 'P1', supervisor: '主管', at }) }],
  'notStands.explaining': [{ label: '婉转答复 Explain', event: (at) => ({ type: 'EXPLANATION.GIVE', by: staff.agent, text: '您好,刹车片已过保修期,我们可为您优惠更换。', at }) }],
  'notStands.awaitingAcknowledgement': [{ label: '顾客谅解 Acknowledged', event: (at) => ({ type: 'CUSTOMER.ACKNOWLEDGE', by: staff.customer, at }) }],
};

const path = (value: unknown): string =>
  typeof value === 'string' ? value : Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${path(v)}`).join(',');

// The case clock moves ten minutes per action. A real host stamps events with its own
// (server) clock; a fixed start keeps this page deterministic.
const START = Date.parse('2026-12-01T09:30:00+08:00');

export function App() {
  const [snapshot, , actorRef] = useMachine(complaintMachine, { input: { form } });
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const minutes = useRef(0);
  const now = () => new Date(START + (minutes.current += 10) * 60_000).toISOString();

  // kefu's send: a refused event is not sent, and the outcome says which rule refused it.
  const act = (event: (at: string) => ComplaintEvent) => setOutcome(send(actorRef, event(now())));

  const step = complaintStepNames[snapshot.context.step];
  const statePath = path(snapshot.value);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '2rem auto' }}>
      <h1>投诉 {form.caseId}</h1>
      <p>
        步骤 Step: <strong data-testid="step">{step.n ? `${step.n} ` : ''}{step.zh} · {step.en}</strong>{' '}
        <code data-testid="state">{statePath}</code> {snapshot.status === 'done' ? '(结案 closed)' : ''}
      </p>
      <p>
        {(actions[statePath] ?? []).map((a) => (
          <button key={a.label} onClick={() => act(a.event)} style={{ marginRight: 8 }}>
            {a.label}
          </button>
        ))}
        <button onClick={() => act((at) => ({ type: 'REPLY.SEND', by: staff.agent, text: '这个我不知道,不归我管', at }))}>回复(含禁用语)Reply rudely</button>
      </p>
      <p data-testid="outcome" role="status">
        {outcome === undefined ? '' : outcome.accepted ? `✓ ${outcome.eventType}` : `✗ ${outcome.eventType}: ${outcome.message.zh}`}
      </p>
      <h2>期限 Deadlines</h2>
      <ul>
        {Object.entries(snapshot.context.deadlines).map(([name, due]) => (
          <li key={name}>
            {name}: {due}
          </li>
        ))}
      </ul>
    </main>
  );
}

import { describe, expect, it } from 'vitest';
import { and, assign, createActor, createMachine, fromPromise, setup, type AnyActorRef, type InspectionEvent } from 'xstate';
import { createInspector as createStatelyInspector } from '@statelyai/inspect';
import { complaintMachine, sendOrThrow } from 'kefu';
import {
  createBrowserInspector,
  createInspector,
  redactInspectionEvent,
  redactSnapshot,
  serializeDefinition,
  REDACTED,
} from 'kefu/inspect';
import { form, happyPath } from './support/complaint.js';

/** The personal data of this test: none of it may appear anywhere in an inspection stream. */
const PERSONAL = {
  name: '王先生',
  phone: '+86 138 0013 8000',
  address: '北京市朝阳区建国路88号3单元',
  text: '上次来修车的师傅态度很差,我要投诉他',
  email: 'wang.xiansheng@example.com',
};
const needles = [...Object.values(PERSONAL), '13800138000', '0013 8000', '138 0013', 'wang.xiansheng'];

const leaksIn = (stream: unknown) => {
  const text = JSON.stringify(stream);
  return needles.filter((n) => text.includes(n));
};

/**
 * A parent that spawns a child actor carrying the customer's phone number (an SMS sender whose
 * input and output hold it) and invokes a child machine that keeps it in context: the cases
 * `sanitizeContext`/`sanitizeEvent` do not reach.
 */
const smsSender = fromPromise(async ({ input }: { input: { phone: string; name: string; text: string } }) => ({
  deliveredTo: input.phone,
  echo: input.text,
}));
const visitChild = createMachine({
  id: 'visitChild',
  context: ({ input }: { input: { phone: string; address: string } }) => ({ phone: input.phone, address: input.address, byPhone: { [input.phone]: true } }),
  initial: 'calling',
  states: { calling: { tags: ['outbound'] } },
});
const parentMachine = setup({
  types: {
    context: {} as { customer: typeof PERSONAL; sms: AnyActorRef | null; ruleChecked: string },
    events: {} as { type: 'CONTACT'; phone: string; note: string; at: string },
  },
  actors: { smsSender, visitChild },
  guards: { hasPhone: ({ event }) => event.phone.length > 0, isWorkingTime: () => true },
  actions: {
    spawnSms: assign({
      sms: ({ spawn, context }) =>
        spawn('smsSender', { id: 'sms-1', input: { phone: context.customer.phone, name: context.customer.name, text: PERSONAL.text } }),
    }),
  },
}).createMachine({
  id: 'contactParent',
  description: 'test parent',
  context: { customer: PERSONAL, sms: null, ruleChecked: 'RV-QUIET' },
  initial: 'idle',
  states: {
    idle: {
      description: 'idle',
      on: { CONTACT: { guard: and(['hasPhone', 'isWorkingTime']), actions: 'spawnSms', target: 'visiting', description: 'contact' } },
    },
    visiting: {
      description: 'visiting',
      tags: ['busy'],
      invoke: { src: 'visitChild', id: 'visit', input: { phone: PERSONAL.phone, address: PERSONAL.address } },
    },
  },
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

function runParent(inspect: (e: InspectionEvent) => void) {
  const actor = createActor(parentMachine, { inspect }).start();
  actor.send({ type: 'CONTACT', phone: PERSONAL.phone, note: PERSONAL.text, at: '2026-12-01T10:00:00+08:00' });
  return actor;
}

describe('PRIVACY: the inspector never shows customer data', () => {
  it("PRIVACY: @statelyai/inspect's sanitizeContext/sanitizeEvent alone leak a spawned child's input and output (why kefu/inspect exists)", async () => {
    const stream: unknown[] = [];
    const inspector = createStatelyInspector(
      { send: (e) => stream.push(JSON.parse(JSON.stringify(e))) },
      { sanitizeContext: () => ({}), sanitizeEvent: (e) => ({ type: e.type }) },
    );
    runParent((e) => inspector.inspect.next?.(e));
    await settle();
    // If this ever fails, @statelyai/inspect has fixed the leak (statelyai/inspect: sanitize
    // misses child input/output); kefu's redaction stays as defence in depth.
    expect(leaksIn(stream)).toContain(PERSONAL.phone);
  });

  it('PRIVACY: a spawned child carrying a phone number leaks nothing through kefu/inspect: the whole stream is scanned', async () => {
    const stream: unknown[] = [];
    const inspector = createInspector({ send: (e) => stream.push(JSON.parse(JSON.stringify(e))) });
    const actor = runParent(inspector.inspect.next!.bind(inspector.inspect));
    await settle();
    expect(actor.getSnapshot().value).toBe('visiting');
    expect(stream.length).toBeGreaterThan(5);
    expect(leaksIn(stream)).toEqual([]);

    // What passes: state values, tags, event types, rule IDs, actor names.
    const text = JSON.stringify(stream);
    expect(text).toContain('"value":"visiting"');
    expect(text).toContain('"busy"');
    expect(text).toContain('"outbound"');
    expect(text).toContain('"type":"CONTACT"');
    expect(text).toContain('RV-QUIET');
    expect(text).toContain('"name":"sms-1"');
    expect(text).toContain('2026-12-01T10:00:00+08:00');
    // The shape stays, so the inspector shows which fields are filled in.
    const snapshots = stream.filter((e): e is { type: string; snapshot: { context?: { customer?: unknown } } } => (e as { type: string }).type === '@xstate.snapshot');
    expect(snapshots.some((s) => JSON.stringify(s.snapshot.context?.customer) === JSON.stringify({ name: REDACTED, phone: REDACTED, address: REDACTED, text: REDACTED, email: REDACTED }))).toBe(true);
  });

  it('PRIVACY: a complaint run through the inspector shows its steps and rules, never the form', () => {
    const stream: unknown[] = [];
    const inspector = createInspector({ send: (e) => stream.push(JSON.parse(JSON.stringify(e))) });
    const actor = createActor(complaintMachine, { input: { form }, inspect: inspector.inspect }).start();
    for (const event of happyPath) sendOrThrow(actor, event);
    expect(actor.getSnapshot().status).toBe('done');
    const text = JSON.stringify(stream);
    for (const value of [form.complainant, form.contact.phone, form.content, form.desiredRemedy, '技师李四', '机油滤清器安装不到位', '处理及时,满意']) {
      expect(text, value).not.toContain(value);
    }
    expect(text).toContain('"value":"closed"');
    expect(text).toContain('CP-REGISTER'); // rule IDs in the chart's meta
    expect(text).toContain('"type":"REVIEW.FILE"');
  });

  it('PRIVACY: the browser inspector posts only redacted events to the inspector window', () => {
    const posted: unknown[] = [];
    const listeners: Array<(e: { data: unknown }) => void> = [];
    const target = { postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))) };
    const fakeWindow = {
      open: () => target,
      addEventListener: (_: string, fn: (e: { data: unknown }) => void) => listeners.push(fn),
    } as unknown as Window;
    const inspector = createBrowserInspector({ window: fakeWindow });
    for (const fn of listeners) fn({ data: { type: '@statelyai.connected' } });
    runParent(inspector.inspect.next!.bind(inspector.inspect));
    expect(posted.length).toBeGreaterThan(5);
    expect(leaksIn(posted)).toEqual([]);
  });

  it('PRIVACY: without a window the browser inspector is a silent no-op', () => {
    const inspector = createBrowserInspector();
    expect(() => runParent(inspector.inspect.next!.bind(inspector.inspect))).not.toThrow();
  });
});

describe('redactInspectionEvent: one rule for the inspector, logs and exports', () => {
  it('PRIVACY: redacts every kind of raw XState inspection event (actor, event, snapshot, microstep, action)', async () => {
    const raw: InspectionEvent[] = [];
    runParent((e) => raw.push(e));
    await settle();
    const redacted = raw.map((e) => redactInspectionEvent(e, { now: () => 0 }));
    expect(new Set(redacted.map((e) => e?.type))).toEqual(new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep', '@xstate.action']));
    expect(leaksIn(redacted)).toEqual([]);
    const actions = redacted.filter((e) => e?.type === '@xstate.action').map((e) => (e as { action: { type: string } }).action.type);
    expect(actions).toContain('xstate.spawnChild');
    const micro = redacted.find((e) => e?.type === '@xstate.microstep' && e.event.type === 'CONTACT');
    expect(micro).toMatchObject({ value: 'visiting', transitions: [{ eventType: 'CONTACT', target: ['contactParent.visiting'] }] });
  });

  it('is idempotent: redacting a redacted event changes nothing', async () => {
    const raw: InspectionEvent[] = [];
    runParent((e) => raw.push(e));
    await settle();
    for (const e of raw) {
      const once = redactInspectionEvent(e, { now: () => 0 });
      if (!once) continue;
      expect(redactInspectionEvent(JSON.parse(JSON.stringify(once)) as Record<string, unknown>, { now: () => 0 })).toEqual(JSON.parse(JSON.stringify(once)));
    }
  });

  it('PRIVACY: keys of a record keyed by phone number are redacted too', () => {
    const s = redactSnapshot({ status: 'active', value: 'x', context: { byPhone: { [PERSONAL.phone]: { name: PERSONAL.name } } } });
    expect(leaksIn(s)).toEqual([]);
    expect(s.context).toEqual({ byPhone: { [`${REDACTED}#1`]: { name: REDACTED } } });
  });

  it('lets through only the paths the host allows', () => {
    const snapshot = createActor(complaintMachine, { input: { form } }).getSnapshot();
    const s = redactSnapshot(snapshot, { allow: ['context.step', 'context.form.caseId', 'context.form.channel'] }) as { context: { step: string; form: Record<string, unknown> } };
    expect(s.context.step).toBe('register');
    expect(s.context.form).toMatchObject({ caseId: form.caseId, channel: 'phone', complainant: REDACTED, receivedAt: form.receivedAt });
    expect(s.context.form.contact).toEqual({ phone: REDACTED });
  });

  it('numbers and free text are redacted; booleans, ISO times and rule IDs pass', () => {
    const s = redactSnapshot({
      status: 'active',
      value: { a: 'b' },
      context: { attempts: 3, ok: true, due: '2026-12-01T10:00:00+08:00', rule: 'RV-3DAY', note: 'RV-3DAY is a rule', none: null },
    });
    expect(s).toEqual({
      status: 'active',
      value: { a: 'b' },
      context: { attempts: REDACTED, ok: true, due: '2026-12-01T10:00:00+08:00', rule: 'RV-3DAY', note: REDACTED, none: null },
    });
  });
});

describe('the definition the inspector draws', () => {
  it('names every guard and action (combinations as and(...)); literal input data is redacted', () => {
    const definition = JSON.parse(serializeDefinition(parentMachine)!);
    expect(definition.states.idle.on.CONTACT.guard).toEqual({ type: 'and(hasPhone, isWorkingTime)' });
    expect(definition.states.visiting.invoke.input).toEqual({ phone: REDACTED, address: REDACTED });
    expect(definition.context.customer.phone).toBe(REDACTED);
    expect(JSON.stringify(definition)).not.toContain('"type":""');
  });
});

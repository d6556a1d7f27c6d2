/**
 * Typed cases: `runtime.case(machine, id)` takes the machine's input and events and reads its
 * context type; a case stored under another machine is refused at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { assign, setup } from 'xstate';
import * as z from 'zod/mini';
import { complaintMachine, IsoDateTimeSchema, registerMachineSchemas, withEventSchema, type ComplaintContext, type ComplaintInput } from 'kefu';
import { createCaseRuntime, isUnknownMachineError, type CaseResult, type TypedCase } from 'kefu/runtime';
import { form, T } from './support/complaint.js';
import { people } from './support/principals.js';
import { counterMachine, manualClock } from './support/runtime-machines.js';
import { returnVisitCycleMachine, type ReturnVisitCycleInput, type SelectionCriteria } from 'kefu/machines/return-visit-cycle';
import { customerDataMachine, type CustomerDataInput } from 'kefu/machines/customer-data';
import { RANGE, row } from './support/return-visit-cycle.js';

describe('typed cases: runtime.case(machine, id)', () => {
  const clock = manualClock(T('09:31'));
  const runtime = createCaseRuntime({ machines: [complaintMachine, counterMachine], clock: clock.now });

  it('open takes the machine input, send its events, read returns its context type', async () => {
    const complaint = runtime.case(complaintMachine, 'C-1');
    expectTypeOf(complaint).toEqualTypeOf<TypedCase<typeof complaintMachine>>();
    expectTypeOf(complaint.open).parameter(0).toEqualTypeOf<ComplaintInput>();

    const opened = await complaint.open({ form: { ...form, caseId: 'C-1' } });
    expectTypeOf(opened).toEqualTypeOf<CaseResult<typeof complaintMachine>>();
    expect(opened.record.version).toBe(1);
    const r = await complaint.send({ type: 'COMPLAINT.REGISTER' }, { by: people.agent });
    expect(r.status).toBe('applied');

    const view = await complaint.read();
    expectTypeOf(view!.context).toEqualTypeOf<ComplaintContext>();
    expect(view!.value).toBe('assess');
    expect(view!.context.form.complainant).toBe(form.complainant);

    // misspelt events and inputs do not compile
    // @ts-expect-error 'COMPLAINT.REGISTR' is not an event of the complaint machine
    await complaint.send({ type: 'COMPLAINT.REGISTR' }).catch(() => undefined);
    // @ts-expect-error the complaint machine's input has `form`, not `frm`
    await runtime.case(complaintMachine, 'C-2').open({ frm: {} }).catch(() => undefined);
    // the untyped form stays for dynamic hosts
    expectTypeOf(runtime.send).parameter(1).toHaveProperty('type').toEqualTypeOf<string>();
  });

  it('send and open take the schemas’ input types (a field with a schema default may be left out); read gives the output type, filled in', async () => {
    const typed = createCaseRuntime({ machines: [returnVisitCycleMachine, customerDataMachine], clock: () => T('18:00') });
    const cycle = typed.case(returnVisitCycleMachine, 'RC-1');
    type Select = Extract<Parameters<typeof cycle.send>[0], { type: 'CUSTOMERS.SELECT' }>;
    // `method` has the schema default 'phone': optional to send…
    expectTypeOf<Select['criteria']['method']>().toEqualTypeOf<'phone' | 'sms' | undefined>();
    expectTypeOf(cycle.open).parameter(0).toEqualTypeOf<ReturnVisitCycleInput>();
    expectTypeOf(typed.case(customerDataMachine, 'D-1').open).parameter(0).toEqualTypeOf<CustomerDataInput>();
    expectTypeOf<CustomerDataInput['ability']>().toEqualTypeOf<'match' | 'ignore' | undefined>();

    await cycle.open({ cycleId: 'RC-1', at: T('18:00'), visitsAs: 'cases' });
    const criteria = { occasion: 'after-service' as const, ...RANGE }; // no method
    const r = await cycle.send({ type: 'CUSTOMERS.SELECT', criteria, archive: [row(1, '2026-12-01T10:00:00+08:00')] }, { by: people.agent });
    expect(r.status).toBe('applied');
    // …and always there to read: the runtime parsed the event with the schema.
    const view = await cycle.read();
    expectTypeOf(view!.context.criteria).toEqualTypeOf<SelectionCriteria | undefined>();
    expectTypeOf<SelectionCriteria['method']>().toEqualTypeOf<'phone' | 'sms'>();
    expect(view!.context.criteria?.method).toBe('phone');
    // a field without a default stays required
    // @ts-expect-error `occasion` has no default
    await cycle.send({ type: 'CUSTOMERS.SELECT', criteria: { ...RANGE }, archive: [] }).catch(() => undefined);
  });

  it('a host machine marked with withEventSchema takes its events with defaults left out; unmarked, it takes them as it sees them', async () => {
    const StepEventSchema = z.discriminatedUnion('type', [z.strictObject({ type: z.literal('STEP'), size: z._default(z.int().check(z.positive()), 1), at: IsoDateTimeSchema })]);
    const chart = setup({
      types: { context: {} as { total: number; now: string }, events: {} as z.output<typeof StepEventSchema>, input: {} as { at: string } },
      actions: { add: assign(({ context, event }) => ({ total: context.total + event.size, now: event.at })) },
    }).createMachine({ id: 'test-stepper', context: ({ input }) => ({ total: 0, now: input.at }), on: { STEP: { actions: 'add' } } });
    registerMachineSchemas({ id: chart.id, events: StepEventSchema, input: z.strictObject({ at: IsoDateTimeSchema }) });
    const stepper = withEventSchema(chart, StepEventSchema);
    expect(stepper).toBe(chart); // type only

    const typed = createCaseRuntime({ machines: [stepper], clock: () => T('09:31') });
    const marked = typed.case(stepper, 'S-1');
    await marked.open({ at: T('09:31') });
    expect((await marked.send({ type: 'STEP' })).status).toBe('applied');
    expect((await marked.send({ type: 'STEP', size: 2 })).status).toBe('applied');
    expect((await marked.read())!.context.total).toBe(3);
    // @ts-expect-error unmarked, the machine's own event type requires `size`
    await typed.case(chart, 'S-1').send({ type: 'STEP' });
  });

  it('a case of another machine is refused with UnknownMachineError and nothing is written', async () => {
    await runtime.open('K-1', counterMachine, { at: T('09:31') });
    const wrong = runtime.case(complaintMachine, 'K-1');
    const error = await wrong.send({ type: 'COMPLAINT.REGISTER' }).catch((e: unknown) => e);
    expect(isUnknownMachineError(error)).toBe(true);
    await expect(wrong.read()).rejects.toSatisfy(isUnknownMachineError);
    expect((await runtime.read('K-1'))!.version).toBe(1);
    const right = runtime.case(counterMachine, 'K-1');
    expect((await right.send({ type: 'INC' })).status).toBe('applied');
    expect((await right.read())!.context.count).toBe(1);
    // a machine the runtime does not know
    expect(() => createCaseRuntime({ machines: [counterMachine] }).case(complaintMachine, 'C-9')).toThrow(/unknown machine "complaint"/);
  });
});

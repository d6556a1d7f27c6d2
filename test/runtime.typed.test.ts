/**
 * Typed cases: `runtime.case(machine, id)` takes the machine's input and events and reads its
 * context type; a case stored under another machine is refused at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { complaintMachine, type ComplaintContext, type ComplaintInput } from 'kefu';
import { createCaseRuntime, isUnknownMachineError, type CaseResult, type TypedCase } from 'kefu/runtime';
import { form, T } from './support/complaint.js';
import { people } from './support/principals.js';
import { counterMachine, manualClock } from './support/runtime-machines.js';

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

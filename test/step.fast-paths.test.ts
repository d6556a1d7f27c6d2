/**
 * The cheap paths a step takes must give what the slow ones give, on valid and invalid inputs:
 * the principal of an event checked without zod when it is exactly one, and a step on kefu's own
 * text against the same step on an envelope from outside (validated in full), tampered text included.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { complaintMachine, PrincipalSchema, type ComplaintEvent } from 'kefu';
import { initialStep, step, type CaseEnvelope } from 'kefu/runtime';
import { exactPrincipal } from '../src/roles/principal.js';
import { form, happyPath, T } from './support/complaint.js';
import { oddValues, inputsFor } from './support/zod-corpus.js';

const now = Date.parse('2026-12-05T00:00:00Z');

describe('exactPrincipal: the principal without zod, only when zod would give the same', () => {
  class Person {
    id = 'u-1';
    role = 'agent';
  }
  const hidden = Object.defineProperty({ id: 'u-1' }, 'role', { value: 'agent', enumerable: false });
  const withSymbol = Object.assign({ id: 'u-1', role: 'agent' }, { [Symbol('x')]: 1 });
  const inherited = Object.assign(Object.create({ role: 'agent' }), { id: 'u-1' });
  const corpus: unknown[] = [
    ...oddValues,
    ...inputsFor(PrincipalSchema, 2),
    { id: 'u-1', role: 'agent' },
    { role: 'supervisor', id: 'u-2' },
    { id: ' u-1', role: 'agent' },
    { id: 'u-1 ', role: 'agent' },
    { id: '   ', role: 'agent' },
    { id: '', role: 'agent' },
    { id: 'x'.repeat(128), role: 'agent' },
    { id: 'x'.repeat(129), role: 'agent' },
    { id: 'u-1', role: 'r'.repeat(64) },
    { id: 'u-1', role: 'r'.repeat(65) },
    { id: 'u-1', role: '1agent' },
    { id: 'u-1', role: 'agent!' },
    { id: 'u-1', role: '' },
    { id: 'u-1', role: 'agent', extra: true },
    { id: 'u-1' },
    { id: 1, role: 'agent' },
    { id: 'u-1', role: ['agent'] },
    { id: '客服小周', role: 'quality' },
    new Person(),
    hidden,
    withSymbol,
    inherited,
  ];

  it('on every input, fast or not, validation gives what PrincipalSchema gives', () => {
    let fast = 0;
    for (const by of corpus) {
      const zod = z.safeParse(PrincipalSchema, by);
      const quick = exactPrincipal(by);
      if (quick !== undefined) {
        fast++;
        expect(zod.success, JSON.stringify(by)).toBe(true);
        expect(quick).toEqual(zod.data);
        expect(Object.keys(quick)).toEqual(Object.keys(zod.data!));
      }
    }
    // The plain principals took the fast path; the rest went to zod.
    expect(fast).toBeGreaterThanOrEqual(5);
    for (const odd of [hidden, withSymbol, inherited, new Person(), { id: ' u-1', role: 'agent' }]) expect(exactPrincipal(odd)).toBeUndefined();
  });

  it("ROLE-PERMIT: a step refuses a malformed `by` naming the field, exactly as zod words it, and the case stays as it was", () => {
    const first = initialStep(complaintMachine, { form }, { now, caseId: 'FP-1' });
    for (const by of [{ id: ' ', role: 'agent' }, { id: 'u-1', role: 'agent!' }, { id: 'u-1', role: 'agent', extra: 1 }, { id: 'x'.repeat(129), role: 'agent' }]) {
      const r = step(complaintMachine, first.text, { type: 'COMPLAINT.REGISTER', by, at: T('09:40') } as never, { now, caseId: 'FP-1' });
      expect(r.status).toBe('refused');
      expect(r.refusal?.reason).toBe('invalid-event');
      const zod = z.safeParse(PrincipalSchema, by);
      expect(zod.success).toBe(false);
      expect(r.refusal?.issues.length).toBe(zod.error!.issues.length);
      for (const issue of r.refusal!.issues) expect(issue.path.startsWith('by')).toBe(true);
      expect(r.changed).toBe(false);
      expect(r.text).toBe(first.text);
    }
    // The same principal, plain: accepted.
    const ok = step(complaintMachine, first.text, { type: 'COMPLAINT.REGISTER', by: { id: 'u-1', role: 'agent' }, at: T('09:40') } as never, { now, caseId: 'FP-1' });
    expect(ok.status).toBe('applied');
  });
});

describe("a step on kefu's own text gives what the same step on the envelope from outside gives", () => {
  /** What a host sees of a step, without the envelope's identity. */
  const seen = (r: ReturnType<typeof step>) => ({
    status: r.status,
    changed: r.changed,
    refusal: r.refusal,
    effects: r.effects,
    emitted: r.emitted,
    timers: r.timers,
    envelope: r.envelope,
  });

  it('valid and refused events along the whole happy path: trusted text, untrusted copy of the text, and the parsed object from outside', () => {
    let text = initialStep(complaintMachine, { form }, { now, caseId: 'FP-2' }).text;
    const refusedEvents: ComplaintEvent[] = [
      { type: 'REVIEW.FILE', by: { id: 'u-9', role: 'supervisor' }, category: 'x', analysis: 'y', measures: ['无'], supervisor: 'z', at: T('09:41') },
      { type: 'PROPOSAL.ADD', proposalId: '', description: '', department: 'repair', at: T('09:41') } as never,
    ];
    for (const event of happyPath) {
      for (const e of [...refusedEvents, event]) {
        const trusted = step(complaintMachine, text, e, { now, caseId: 'FP-2' });
        // The same envelope as text kefu did not write (indented) and as a parsed object: validated in full.
        const outside = step(complaintMachine, JSON.stringify(JSON.parse(text), null, 1), e, { now, caseId: 'FP-2' });
        const object = step(complaintMachine, JSON.parse(text) as CaseEnvelope, e, { now, caseId: 'FP-2' });
        expect(seen(trusted)).toEqual(seen(outside));
        expect(seen(trusted)).toEqual(seen(object));
        expect(trusted.status).toBe(e === event ? 'applied' : 'refused');
        if (e === event) {
          text = trusted.text;
        }
      }
    }
  });

  it('tampered text of an envelope kefu produced (a state, a context field, a timer, the version, cut short) throws the typed error the tampered object throws', () => {
    const registered = step(complaintMachine, initialStep(complaintMachine, { form }, { now, caseId: 'FP-3' }).text, happyPath[0]!, { now, caseId: 'FP-3' });
    const text = registered.text;
    const tampered = [
      text.replace('"value":"assess"', '"value":"closed"'),
      text.replace('"value":"assess"', '"value":"nowhere"'),
      text.replace(/"registeredAt":"[^"]+"/, '"registeredAt":7'),
      text.replace(/"due":"[^"]+"/, '"due":"soon"'),
      text.replace('"version":2', '"version":99'),
      text.slice(0, -2),
    ];
    for (const t of tampered) {
      expect(t).not.toBe(text);
      const error = (input: unknown) => {
        try {
          step(complaintMachine, input, happyPath[1]!, { now, caseId: 'FP-3' });
          return 'no error';
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
      };
      const fromText = error(t);
      expect(fromText).not.toBe('no error');
      let parsed: unknown;
      try {
        parsed = JSON.parse(t);
      } catch {
        continue;
      }
      expect(error(parsed)).toBe(fromText);
    }
  });
});

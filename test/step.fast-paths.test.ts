/**
 * The cheap paths a step takes must give what the slow ones give, on valid and invalid inputs:
 * the principal of an event checked without zod when it is exactly one, the limits walk of an
 * event, and a step on kefu's own text against the same step on an envelope from outside
 * (validated in full), tampered text included.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { complaintMachine, PrincipalSchema, type ComplaintEvent } from 'kefu';
import { initialStep, step, type CaseEnvelope } from 'kefu/runtime';
import { exactPrincipal } from '../src/roles/principal.js';
import { boundIssues } from '../src/rules/bounds.js';
import { defaultLimits, type Limits } from '../src/policy/limits.js';
import type { FieldIssue } from '../src/errors/validation-error.js';
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

/** The limits walk as it was written before it stopped building a path for every field (reference). */
function boundIssuesReference(value: unknown, limits: Limits, skip: readonly string[] = []): FieldIssue[] {
  const DATE_PREFIX = /^(\d{4})-\d{2}-\d{2}(?:$|T)/;
  const MAX_DEPTH = 32;
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  const issues: FieldIssue[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (issues.length >= 20) return;
    if (typeof v === 'string') {
      if (v.length > limits.textChars) issues.push({ path, message: `at most ${limits.textChars} characters (got ${v.length})` });
      const year = DATE_PREFIX.exec(v)?.[1];
      if (year !== undefined && (Number(year) < limits.earliestYear || Number(year) > limits.latestYear)) {
        issues.push({ path, message: `year ${year} is outside ${limits.earliestYear}–${limits.latestYear}` });
      }
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth > MAX_DEPTH) {
      issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.listItems) {
        issues.push({ path, message: `at most ${limits.listItems} items (got ${v.length})` });
        return;
      }
      v.forEach((item, i) => walk(item, join(path, i), depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      if (depth === 0 && skip.includes(key)) continue;
      walk(item, join(path, key), depth + 1);
    }
  };
  walk(value, '', 0);
  return issues;
}

describe('boundIssues: the limits walk names the same fields as before', () => {
  const nest = (n: number): unknown => (n === 0 ? 'leaf' : { a: [nest(n - 1)] });
  const small: Limits = { ...defaultLimits, textChars: 5, listItems: 3, earliestYear: 2000, latestYear: 2100 };
  const sparse: unknown[] = [];
  sparse[4] = '1850-01-01';
  const values: unknown[] = [
    ...oddValues,
    ...happyPath,
    { type: 'X', text: 'x'.repeat(6), at: '1850-01-01T00:00:00Z', list: [1, 2, 3, 4], nested: { '': { '': 'toolong' } } },
    { '': 'toolong', a: { '': ['toolong', { b: '2300-01-01' }] } },
    { policy: { huge: 'x'.repeat(100) }, note: 'x'.repeat(100) },
    Array.from({ length: 30 }, (_, i) => ({ [`k${i}`]: 'x'.repeat(10) })),
    nest(20),
    nest(40),
    sparse,
    { list: sparse },
  ];
  it.each([
    ['default limits', defaultLimits],
    ['small limits', small],
  ] as const)('%s: every value gives the same issues, in the same order, with the same paths', (_name, limits) => {
    for (const v of values) {
      expect(boundIssues(v, limits)).toEqual(boundIssuesReference(v, limits));
      expect(boundIssues(v, limits, ['policy'])).toEqual(boundIssuesReference(v, limits, ['policy']));
    }
    // The corpus reaches every kind of issue.
    const all = values.flatMap((v) => boundIssuesReference(v, small)).map((i) => i.message.split(' ')[0]);
    expect(new Set(all)).toEqual(new Set(['at', 'year', 'nested']));
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

/**
 * kefu's errors are recognised across copies of kefu (the dual-package hazard: a host's ESM code
 * imports kefu while a dependency `require`s it, so two copies of every class are loaded). Here
 * the second copy is a second instance of the sources (`vi.resetModules`); test/package.test.ts
 * does the same with the packed package's CommonJS and ESM builds.
 */
import { describe, expect, it, vi } from 'vitest';
import { entries } from '../tsup.config.js';

type Module = Record<string, unknown>;
type ErrorClass = new (...args: never[]) => Error;

const load = async () => ({ ...((await import('kefu')) as Module), ...((await import('kefu/runtime')) as Module), ...((await import('kefu/time')) as Module) });
const one = await load();
vi.resetModules();
const other = await load();

const refusal = { accepted: false, eventType: 'X.GO', reason: 'rule', violations: [], issues: [], message: { en: 'no', zh: '不' } } as const;
/** One instance of every error class the public entries export, made by the given copy. */
const make = (m: Module): Record<string, Error> => {
  const c = (name: string) => m[name] as new (...args: unknown[]) => Error;
  return {
    KefuError: new (c('KefuError'))('KEFU_X', 'x'),
    ValidationError: new (c('ValidationError'))('policy', []),
    RefusedError: new (c('RefusedError'))(refusal),
    PermissionTableConflictError: new (c('PermissionTableConflictError'))('my-process', ['MY.GO']),
    SnapshotError: new (c('SnapshotError'))('KEFU_SNAPSHOT_X', 'malformed', 'x'),
    MalformedSnapshotError: new (c('MalformedSnapshotError'))('not JSON'),
    UnknownMachineError: new (c('UnknownMachineError'))('m', []),
    FutureVersionError: new (c('FutureVersionError'))('m', 3, 2),
    UnknownStateError: new (c('UnknownStateError'))('m', 'gone'),
    MigrationError: new (c('MigrationError'))('m', 1, 'missing'),
    InvariantViolationError: new (c('InvariantViolationError'))('m', []),
    TamperedSnapshotError: new (c('TamperedSnapshotError'))('m', 'mismatch'),
    ConflictError: new (c('ConflictError'))('C-1', 3),
    CaseNotFoundError: new (c('CaseNotFoundError'))('C-1'),
    CaseExistsError: new (c('CaseExistsError'))('C-1'),
    MachineFailedError: new (c('MachineFailedError'))('m', 'GO'),
    ChildActorsError: new (c('ChildActorsError'))('m', ['child']),
    IdempotencyKeyReusedError: new (c('IdempotencyKeyReusedError'))('C-1', 'e-1', { seq: 1, eventType: 'A' }, 'B'),
    EnvelopeTooLargeError: new (c('EnvelopeTooLargeError'))('m', 'GO', 2, 1),
    StoreUnavailableError: new (c('StoreUnavailableError'))('load', 'not-applied', { cause: new Error('down') }),
    CalendarCoverageError: new (c('CalendarCoverageError'))('2027-01-04', { from: '2024-01-01', to: '2026-12-31' }),
  };
};
const names = Object.keys(make(one));
/** The classes each class descends from, this class included. */
const ancestry = (name: string): string[] => {
  const out: string[] = [];
  for (let c = one[name] as ErrorClass; c !== Error && c !== RangeError; c = Object.getPrototypeOf(c)) out.push(c.name);
  return out;
};

describe('error brands (instanceof and the isXError guards across copies of kefu)', () => {
  it('the list covers every *Error class and its is*Error guard exported by any public entry', async () => {
    const exported = new Set<string>();
    for (const source of Object.values(entries)) {
      const m = (await import(`../${source}`)) as Module;
      for (const [k, v] of Object.entries(m)) if (/Error$/.test(k) && typeof v === 'function' && /^[A-Z]/.test(k)) exported.add(k);
    }
    expect([...exported].sort()).toEqual([...names].sort());
    for (const name of names) expect(typeof one[`is${name}`], `is${name}`).toBe('function');
  });

  it('the second copy is a copy: its classes are other objects', () => {
    expect(other.KefuError).not.toBe(one.KefuError);
    expect(other.CaseNotFoundError).not.toBe(one.CaseNotFoundError);
    expect(other.CalendarCoverageError).not.toBe(one.CalendarCoverageError);
  });

  it.each(['one copy', 'the other copy'])('an error made by %s passes exactly the guards and instanceof checks of its class and its ancestors, in both copies', (maker) => {
    const errors = make(maker === 'one copy' ? one : other);
    for (const [made, error] of Object.entries(errors)) {
      const expected = ancestry(made);
      for (const checker of [one, other]) {
        for (const name of names) {
          const is = expected.includes(name);
          expect(error instanceof (checker[name] as ErrorClass), `${made} instanceof ${name}`).toBe(is);
          expect((checker[`is${name}`] as (e: unknown) => boolean)(error), `is${name}(${made})`).toBe(is);
        }
      }
      expect(error.name).toBe(made);
      expect(error).toBeInstanceOf(Error);
    }
    expect(ancestry('MalformedSnapshotError')).toEqual(['MalformedSnapshotError', 'SnapshotError', 'KefuError']);
  });

  it('what is not a kefu error fails every guard: plain errors, look-alikes by name and code, primitives', () => {
    const lookAlike = Object.assign(new Error('x'), { name: 'CaseNotFoundError', code: 'KEFU_CASE_NOT_FOUND' });
    for (const value of [new Error('x'), new RangeError('x'), lookAlike, { name: 'KefuError' }, null, undefined, 'KefuError', 1]) {
      for (const name of names) {
        expect(value instanceof (one[name] as ErrorClass), `${String(value)} instanceof ${name}`).toBe(false);
        expect((one[`is${name}`] as (e: unknown) => boolean)(value)).toBe(false);
      }
    }
    // a class is not an instance of itself, though it carries its own name
    expect((one.CaseNotFoundError as unknown) instanceof (other.CaseNotFoundError as ErrorClass)).toBe(false);
  });

  it("a host's subclass: its instances are kefu errors, and an error of the other copy is not one of its instances", () => {
    const Base = one.CaseNotFoundError as new (caseId: string) => Error;
    class HostError extends Base {}
    const mine = new HostError('C-1');
    expect(mine instanceof HostError).toBe(true);
    expect(mine instanceof (other.CaseNotFoundError as ErrorClass)).toBe(true);
    expect((other.isKefuError as (e: unknown) => boolean)(mine)).toBe(true);
    expect(mine.name).toBe('CaseNotFoundError');
    expect(make(other).CaseNotFoundError instanceof HostError).toBe(false);
    expect(make(one).CaseNotFoundError instanceof HostError).toBe(false);
  });

  it('the brand does not show: not enumerable, not in JSON, not in the error as printed', async () => {
    const error = make(one).CaseNotFoundError!;
    // The same keys in the same order as before the brand (JSON and logs unchanged).
    expect(Object.keys(error)).toEqual(['code', 'name', 'caseId']);
    const all = make(one);
    expect(Object.keys(all.ValidationError!)).toEqual(['code', 'name', 'subject', 'issues']);
    expect(Object.keys(all.ConflictError!)).toEqual(['code', 'name', 'caseId', 'expectedVersion', 'actualVersion', 'attempts', 'eventId']);
    expect(Object.keys(all.MalformedSnapshotError!)).toEqual(['code', 'name', 'reason', 'machineId', 'issues']);
    expect(Object.keys(all.CalendarCoverageError!)).toEqual(['date', 'coverage', 'name']);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'CaseNotFoundError', code: 'KEFU_CASE_NOT_FOUND', caseId: 'C-1' });
    const { inspect } = await import('node:util');
    expect(inspect(error)).not.toContain('kefu.error');
    expect(String(error.stack)).toMatch(/^CaseNotFoundError: no case "C-1"/);
  });
});

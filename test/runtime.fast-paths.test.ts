/**
 * The runtime's cheap paths must give what the slow ones give: each is compared with the code it
 * replaced, on the inputs it was made for and on the odd ones it must still handle alike.
 */
import { describe, expect, it } from 'vitest';
import { copyOwn } from '../src/runtime/copy-own.js';
import { recordedEvent } from '../src/runtime/history.js';
import { complaintMachine } from 'kefu';
import { initialStep, step } from 'kefu/runtime';
import { producedTrust } from '../src/runtime/envelope.js';
import { form, happyPath } from './support/complaint.js';
import { oddValues } from './support/zod-corpus.js';

/** The code copyOwn replaced: every own property by its descriptor. */
function slowCopy(target: object, source: object, omit?: string): void {
  const descriptors: Record<PropertyKey, PropertyDescriptor> = Object.getOwnPropertyDescriptors(source);
  if (omit !== undefined) delete descriptors[omit];
  Object.defineProperties(target, descriptors);
}

describe('copyOwn: a result or record copied with its getters, as Object.defineProperties of its descriptors copied it', () => {
  const calls = { envelope: 0, text: 0 };
  const lazy = () =>
    Object.defineProperties(
      { status: 'applied', accepted: true, changed: true, snapshot: { value: 'open' }, event: undefined, violations: [], timers: { schedule: [], cancel: [] } },
      {
        envelope: { get: () => (calls.envelope++, { machine: 'm' }), enumerable: true, configurable: true },
        text: { get: () => (calls.text++, '{}'), enumerable: true, configurable: true },
      },
    );
  const sym = Symbol('s');
  const odd: Array<[string, () => object]> = [
    ['a step result with lazy envelope and text', lazy],
    ['a plain record', () => ({ caseId: 'C-1', version: 2, envelope: { machine: 'm' }, history: { seq: 1 } })],
    ['a record whose envelope is a getter', () => Object.defineProperty({ caseId: 'C-1', version: 2 }, 'envelope', { get: () => ({}), enumerable: true, configurable: true })],
    ['a frozen record', () => Object.freeze({ caseId: 'C-1', version: 2, history: null })],
    ['read-only, hidden and symbol keys', () => Object.defineProperties({ [sym]: 1, a: 1 } as object, { ro: { value: 1, enumerable: true }, hidden: { value: 2, writable: true, configurable: true }, w: { value: 3, writable: true, enumerable: true } })],
    ['an own __proto__ key', () => JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as object],
    ['a setter without getter', () => Object.defineProperty({ a: 1 }, 'b', { set: () => undefined, enumerable: true, configurable: true })],
    ['integer-like keys', () => ({ b: 1, 2: 'two', a: 0, 1: 'one' })],
    ['empty', () => ({})],
  ];

  for (const [name, make] of odd) {
    for (const omit of [undefined, 'history', 'caseId']) {
      it(`${name}${omit ? ` (without ${omit})` : ''}: same keys in the same order, same descriptors, no getter run`, () => {
        const source = make();
        const before = { ...calls };
        const fast = {};
        copyOwn(fast, source, omit);
        const slow = {};
        slowCopy(slow, source, omit);
        expect(calls).toEqual(before);
        expect(Reflect.ownKeys(fast)).toEqual(Reflect.ownKeys(slow));
        expect(Object.getOwnPropertyDescriptors(fast)).toEqual(Object.getOwnPropertyDescriptors(slow));
        expect(Object.getPrototypeOf(fast)).toBe(Object.prototype);
      });
    }
  }

  it('fields copied onto a copy override it, getters included, as redefining them did', () => {
    const fields = () => Object.defineProperty({ status: 'duplicate', caseId: 'C-1' }, 'text', { value: 'mine', enumerable: true, writable: true, configurable: true });
    const [result, more] = [lazy(), fields()];
    const fast = {};
    copyOwn(fast, result);
    copyOwn(fast, more);
    const slow = {};
    slowCopy(slow, result);
    slowCopy(slow, more);
    expect(Reflect.ownKeys(fast)).toEqual(Reflect.ownKeys(slow));
    expect(Object.getOwnPropertyDescriptors(fast)).toEqual(Object.getOwnPropertyDescriptors(slow));
    expect((fast as { text: string }).text).toBe('mine');
  });
});

describe('recordedEvent: an event copied for the history without JSON when it is plain JSON, as its JSON round trip copied it', () => {
  /** The code the walk replaced, kept for what is not plain JSON. */
  const slow = (event: unknown): Record<string, unknown> => {
    const json = JSON.parse(JSON.stringify(event ?? null)) as unknown;
    return json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : { type: String(json) };
  };
  const cyclic: Record<string, unknown> = { type: 'X' };
  cyclic.self = cyclic;
  let reads = 0;
  const withGetter = Object.defineProperty({ type: 'X' }, 'at', { get: () => `2026-12-01T09:0${reads++}:00Z`, enumerable: true });
  const arrayWithToJson = Object.assign([1, 2], { toJSON: () => 'arr' });
  const events: Array<[string, unknown]> = [
    ...oddValues.map((v, i): [string, unknown] => [`odd value ${i}`, v]),
    ...happyPath.map((e): [string, unknown] => [e.type, e]),
    ['nested lists and objects', { type: 'X', lines: [{ sku: 'A', qty: 2, tags: ['a', 'b'] }, { sku: 'B', qty: 0.5, note: null }], flags: { a: true, b: false } }],
    ['-0 and integer-like keys', { type: 'X', n: -0, list: [-0], 2: 'two', 1: 'one', z: 'z' }],
    ['undefined and function fields (JSON drops them)', { type: 'X', a: undefined, f: () => 1, list: [undefined, () => 1] }],
    ['non-finite numbers (JSON writes null)', { type: 'X', a: NaN, b: [Infinity] }],
    ['a Date, a Map, a boxed string', { type: 'X', at: new Date(0), m: new Map([[1, 2]]), s: new String('s') }],
    ['a toJSON method, an array with one', { type: 'X', v: { toJSON: () => 'mine' }, arr: arrayWithToJson }],
    ['an own __proto__ key', JSON.parse('{"type":"X","__proto__":{"polluted":true}}') as unknown],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { type: 'X', nested: Object.assign(Object.create(null) as object, { a: 1 }) })],
    ['hidden and symbol keys', Object.defineProperty({ type: 'X', [Symbol('s')]: 1 }, 'hidden', { value: 1, enumerable: false })],
    ['an inherited field', Object.assign(Object.create({ inherited: 1 }) as object, { type: 'X' })],
    ['a sparse array', { type: 'X', list: [1, , 3] }],
    ['a lone surrogate and Chinese text', { type: 'X', text: '\ud800 非常抱歉' }],
    ['deep nesting (40 levels)', { type: 'X', deep: Array.from({ length: 40 }).reduce<unknown>((inner) => ({ inner }), 'leaf') }],
    ['a getter (read once by either copy)', withGetter],
  ];

  for (const [name, event] of events) {
    it(`${name}: equal to its JSON round trip, or the same error`, () => {
      let expected: unknown;
      let expectedError: unknown;
      try {
        expected = slow(event);
      } catch (error) {
        expectedError = error;
      }
      if (expectedError !== undefined) {
        expect(() => recordedEvent(event)).toThrow((expectedError as Error).constructor as ErrorConstructor);
        return;
      }
      const before = reads;
      const fast = recordedEvent(event);
      if (event === withGetter) {
        expect(reads).toBe(before + 1);
        expect(fast).toEqual({ type: 'X', at: `2026-12-01T09:0${before}:00Z` });
        return;
      }
      expect(fast).toStrictEqual(expected);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
      expect(Object.is((fast as { n?: number }).n, -0)).toBe(false);
      // A copy: nothing shared with the event as sent.
      if (event && typeof event === 'object') expect(fast).not.toBe(event);
    });
  }

  it('a cycle throws as JSON throws', () => {
    expect(() => recordedEvent(cyclic)).toThrow(TypeError);
  });
});

describe('producedTrust: the newest text found by identity first, any other by length and tail hash, as before', () => {
  const now = Date.parse('2026-12-05T00:00:00Z');
  /** A copy of `text` that is another string object with the same content. */
  const copyOf = (text: string): string => (' ' + text).slice(1);
  /** `text` with its character at `at` changed to another of the same length. */
  const tampered = (text: string, at: number): string => text.slice(0, at) + (text[at] === '1' ? '2' : '1') + text.slice(at + 1);

  it('finds each of many texts of the same length, newest or not, given as itself or as an equal copy; a changed one is not found', () => {
    // Cases at the same step: texts of one length that differ in the case id only (outside the tail).
    const texts = Array.from({ length: 40 }, (_, i) => initialStep(complaintMachine, { form: { ...form, caseId: `C-${100 + i}` } }, { now, caseId: `C-${100 + i}` }).text);
    expect(new Set(texts.map((t) => t.length)).size).toBe(1);
    const trusts = texts.map((t) => producedTrust(t));
    for (const [i, text] of texts.entries()) {
      expect(trusts[i]?.text).toBe(text);
      expect(producedTrust(copyOf(text))).toBe(trusts[i]);
      for (const at of [text.indexOf('C-1'), text.length - 5, 0]) expect(producedTrust(tampered(text, at))).toBeUndefined();
    }
    // The newest, as itself and as a copy; an older one after it.
    const newest = texts.at(-1)!;
    expect(producedTrust(newest)).toBe(trusts.at(-1));
    expect(producedTrust(copyOf(newest))).toBe(trusts.at(-1));
    expect(producedTrust(texts[0]!)).toBe(trusts[0]);
    expect(producedTrust(undefined)).toBeUndefined();
    expect(producedTrust('{}')).toBeUndefined();
  });

  it('a step given its own text back, the same text copied, or the text changed, restores or refuses as before', () => {
    const first = initialStep(complaintMachine, { form: { ...form, caseId: 'C-200' } }, { now, caseId: 'C-200' });
    const a = step(complaintMachine, first.text, happyPath[0]!, { now, caseId: 'C-200' });
    const b = step(complaintMachine, copyOf(first.text), happyPath[0]!, { now, caseId: 'C-200' });
    expect(a.text).toBe(b.text);
    const changed = first.text.replace('"status":"active"', '"status":"oops!!"');
    expect(changed.length).toBe(first.text.length);
    expect(() => step(complaintMachine, changed, happyPath[0]!, { now, caseId: 'C-200' })).toThrow(/invalid case envelope/);
  });
});

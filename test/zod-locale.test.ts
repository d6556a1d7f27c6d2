/**
 * kefu's English zod messages (src/errors/zod-locale.ts) against zod's own `en` locale, which the
 * root entry no longer bundles: for every issue kefu's schemas raise, the same text; for the issues
 * kefu's formatter leaves alone (string formats kefu never checks), zod's default "Invalid input",
 * never a different wording. And a host's own locale or error map wins over kefu's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import * as root from 'kefu';
import * as time from 'kefu/time';
import * as staff from 'kefu/staff';
import * as quality from 'kefu/quality';
import * as runtime from 'kefu/runtime';
import { entries } from '../tsup.config.js';
import { machineModules } from '../src/catalog/index.js';
import { inputsFor, parseOutcome } from './support/zod-corpus.js';
import { englishZodMessage, useEnglishZodMessages } from '../src/errors/zod-locale.js';

type Schema = z.core.$ZodType;
const saved = { localeError: z.config().localeError, customError: z.config().customError };
afterAll(() => {
  z.config(saved);
});

const zodEnglish = en().localeError;

/** The issues (messages and all) of parsing `input` with `schema` under `localeError` ('ok …' when it passes). */
function issuesUnder(localeError: z.core.$ZodErrorMap, schema: Schema, input: unknown): string {
  z.config({ localeError, customError: undefined });
  return parseOutcome(z.safeParse, schema, input);
}

const show = (input: unknown) => (typeof input === 'object' && input !== null ? Object.prototype.toString.call(input) : typeof input === 'symbol' ? 'symbol' : String(input));

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { _zod: { run?: unknown } })._zod.run === 'function';

/** Every zod schema exported by the entries that validate (and each machine's event, input and context schemas). */
async function kefuSchemas(): Promise<Map<string, Schema>> {
  const modules: Record<string, Record<string, unknown>> = { kefu: root, 'kefu/time': time, 'kefu/staff': staff, 'kefu/quality': quality, 'kefu/runtime': runtime };
  for (const [folder, load] of Object.entries(machineModules)) modules[`kefu/machines/${folder}`] = (await load()) as Record<string, unknown>;
  // every machine entry the package ships is in the catalogue's list
  expect(Object.keys(modules).filter((m) => m.startsWith('kefu/machines/')).sort()).toEqual(Object.keys(entries).filter((e) => e.startsWith('machines/')).map((e) => `kefu/${e.replace(/\/index$/, '')}`).sort());
  const schemas = new Map<string, Schema>();
  for (const [name, exports] of Object.entries(modules)) {
    for (const [key, value] of Object.entries(exports)) {
      if (isSchema(value)) schemas.set(`${name}:${key}`, value);
      if (key.endsWith('Machine') && typeof value === 'object') {
        const registered = root.machineSchemasFor((value as { id: string }).id);
        expect(registered, `${name}:${key}`).toBeDefined();
        for (const [part, s] of Object.entries(registered!)) if (isSchema(s)) schemas.set(`${name}:${key}.${part}`, s);
      }
    }
  }
  return schemas;
}

describe("kefu's English zod messages (zod's `en` locale is not in the root bundle)", () => {
  it("give every issue of every kefu schema, on a corpus of bad inputs, the very text of zod's `en`", async () => {
    const schemas = await kefuSchemas();
    expect(schemas.size).toBeGreaterThan(150);
    const codes = new Set<string>();
    const formats = new Set<string>();
    let compared = 0;
    for (const [name, schema] of schemas) {
      for (const input of inputsFor(schema, 3)) {
        const theirs = issuesUnder(zodEnglish, schema, input);
        const ours = issuesUnder(englishZodMessage, schema, input);
        if (ours !== theirs) expect({ name, input: show(input), ours: JSON.parse(ours) }).toEqual({ name, input: show(input), ours: JSON.parse(theirs) });
        if (theirs.startsWith('ok') || theirs.startsWith('throws')) continue;
        compared++;
        const walk = (issues: z.core.$ZodIssue[]): void => {
          for (const issue of issues) {
            codes.add(`${issue.code}${'origin' in issue && issue.origin ? `:${String(issue.origin)}` : ''}${issue.code === 'invalid_type' ? `:${issue.expected}` : ''}`);
            if (issue.code === 'invalid_format') formats.add(issue.format);
            if (issue.code === 'invalid_union') issue.errors.forEach(walk);
          }
        };
        walk(JSON.parse(theirs) as z.core.$ZodIssue[]);
      }
    }
    expect(compared).toBeGreaterThan(40_000);
    // The corpus reaches every kind of issue kefu's schemas raise (a test that compared nothing could not fail).
    for (const code of [
      'invalid_type:string', 'invalid_type:number', 'invalid_type:int', 'invalid_type:boolean', 'invalid_type:array',
      'invalid_type:object', 'invalid_type:record', 'invalid_type:tuple',
      'invalid_value', 'invalid_union', 'unrecognized_keys', 'invalid_key:record', 'custom',
      'too_small:string', 'too_big:string', 'too_small:array', 'too_big:array', 'too_small:number', 'too_big:number',
      'invalid_format:string',
    ]) expect(codes, code).toContain(code);
    expect([...formats].sort()).toEqual(expect.arrayContaining(['date', 'datetime', 'email', 'regex']));
  }, 300_000);

  it("give each issue shape zod's `en` text, or none (zod then says \"Invalid input\") where kefu's schemas always give their own", () => {
    const date = new Date('2026-12-01T00:00:00Z');
    const cases: Array<[Schema, unknown]> = [
      [z.string(), 1], [z.string(), undefined], [z.string(), null], [z.number(), 'x'], [z.number(), NaN], [z.number(), Infinity],
      [z.number(), -Infinity], [z.nan(), 1], [z.int(), 1.5], [z.int(), 2 ** 60], [z.boolean(), 1n], [z.bigint(), 1], [z.date(), 'x'],
      [z.array(z.string()), {}], [z.object({}), []], [z.string(), new Map()], [z.string(), Object.create(null)], [z.string(), () => 1],
      [z.string(), Symbol('s')], [z.string(), new (class Ticket {})()], [z.record(z.string(), z.string()), 'x'], [z.tuple([z.string()]), 'x'], [z.map(z.string(), z.string()), {}],
      [z.set(z.string()), []], [z.symbol(), 1], [z.undefined(), 1], [z.null(), 1], [z.never(), 1], [z.file(), 1],
      [z.literal('a'), 'b'], [z.literal(1), 2], [z.literal(true), false], [z.literal(1n), 2n], [z.literal(null), 1], [z.literal(undefined), 1],
      [z.literal(['a', 'b']), 'c'], [z.enum(['a', 'b', 'c']), 'd'], [z.enum(['one']), 'd'],
      [z.string().check(z.minLength(2)), 'a'], [z.string().check(z.maxLength(2)), 'abc'], [z.string().check(z.length(2)), 'abc'],
      [z.array(z.string()).check(z.minLength(1)), []], [z.array(z.string()).check(z.maxLength(1)), ['a', 'b']], [z.array(z.string()).check(z.length(1)), []],
      [z.tuple([z.string()]), []], [z.tuple([z.string()]), ['a', 'b']], [z.set(z.string()).check(z.minSize(2)), new Set(['a'])],
      [z.set(z.string()).check(z.maxSize(0)), new Set(['a'])], [z.map(z.string(), z.string()).check(z.minSize(1)), new Map()],
      [z.number().check(z.gte(1)), 0], [z.number().check(z.gt(1)), 1], [z.number().check(z.lte(1)), 2], [z.number().check(z.lt(1)), 1],
      [z.number().check(z.positive()), 0], [z.number().check(z.nonnegative()), -1], [z.bigint().check(z.gte(1n)), 0n],
      [z.date().check(z.gte(date)), new Date(0)], [z.date().check(z.lt(date)), date],
      [z.strictObject({}), { a: 1 }], [z.strictObject({}), { a: 1, b: 2 }],
      [z.record(z.enum(['a']), z.string()), { b: 'x' }], [z.record(z.string().check(z.minLength(2)), z.string()), { b: 'x' }],
      [z.map(z.string(), z.string()), new Map([[1, 'a']])], [z.union([z.string(), z.number()]), true],
      [z.set(z.string()), new Set([1])], [z.map(z.string(), z.string()), new Map([['a', 1]])],
      [z.discriminatedUnion('type', [z.object({ type: z.literal('A') }), z.object({ type: z.literal('B') })]), { type: 'C' }],
      [z.discriminatedUnion('kind', [z.object({ kind: z.literal(1) }), z.object({ kind: z.literal(2) })]), { kind: 3 }],
      [z.string().check(z.refine(() => false)), 'a'], [z.custom(() => false), 1],
    ];
    // kefu's schemas give each of these their own message (a format check always names what it expects)
    const untouched: Array<[Schema, unknown]> = [
      [z.string().check(z.regex(/^a$/)), 'b'], [z.email(), 'x'], [z.iso.datetime(), 'x'], [z.iso.date(), 'x'], [z.url(), 'x'], [z.uuid(), 'x'], [z.iso.time(), 'x'], [z.ipv4(), 'x'], [z.string().check(z.startsWith('a')), 'b'],
      [z.string().check(z.endsWith('a')), 'b'], [z.string().check(z.includes('a')), 'b'], [z.base64(), '%'], [z.cuid(), '%'],
      [z.number().check(z.multipleOf(3)), 4],
      [z.xor([z.string(), z.string().check(z.minLength(1))]), 'ab'],
    ];
    for (const [schema, input] of cases) {
      const theirs = issuesUnder(zodEnglish, schema, input);
      expect(theirs, `${schema._zod.def.type} ${show(input)}`).not.toMatch(/^ok/);
      expect(issuesUnder(englishZodMessage, schema, input), `${show(input)}: ${theirs}`).toBe(theirs);
    }
    for (const [schema, input] of untouched) {
      const theirs = JSON.parse(issuesUnder(zodEnglish, schema, input)) as z.core.$ZodIssue[];
      const ours = JSON.parse(issuesUnder(englishZodMessage, schema, input)) as z.core.$ZodIssue[];
      expect(theirs[0]!.message).not.toBe('Invalid input');
      expect(ours).toEqual([{ ...theirs[0], message: 'Invalid input' }]);
    }
  });

  it("leave a locale the host chose in place, and give way to the host's error map", () => {
    const hostLocale: z.core.$ZodErrorMap = () => 'host locale';
    z.config({ localeError: hostLocale, customError: undefined });
    useEnglishZodMessages();
    expect(z.config().localeError).toBe(hostLocale);
    expect(root.ChannelSchema.safeParse('fax').error!.issues[0]!.message).toBe('host locale');
    // …and with none chosen, kefu's English
    z.config({ localeError: undefined });
    useEnglishZodMessages();
    expect(z.config().localeError).toBe(englishZodMessage);
    expect(root.ChannelSchema.safeParse('fax').error!.issues[0]!.message).toMatch(/^Invalid option: expected one of "/);
    z.config({ customError: () => 'host message' });
    expect(root.ChannelSchema.safeParse('fax').error!.issues[0]!.message).toBe('host message');
    z.config({ customError: undefined });
  });
});

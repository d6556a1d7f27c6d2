/**
 * Bad inputs built from a zod schema's shape, for tests that compare two ways of validating or
 * reporting (test/zod-locale.test.ts, test/complaint.test.ts).
 */
import type * as z from 'zod/mini';

type Schema = z.core.$ZodType;

/** Values no schema of kefu accepts everywhere: each primitive kind, the odd numbers, objects of other classes. */
export const oddValues: unknown[] = [undefined, null, true, 0, -1, 1.5, NaN, Infinity, -Infinity, 10n ** 20n, '', 'x', 'x'.repeat(5000), [], [1, 'a'], {}, { zz: 1 }, new Date(0), new Map(), Object.create(null), Symbol('s'), () => 1];

/**
 * Inputs that reach the checks inside `schema`: the odd values, and for objects, unions, arrays,
 * records and tuples, values whose parts are themselves such inputs (`depth` levels down), with
 * the discriminators and literals right so the parse gets past them.
 */
export function inputsFor(schema: Schema, depth: number): unknown[] {
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const inner = (s: unknown, d = depth - 1) => (d < 0 ? [] : inputsFor(s as Schema, d));
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return inputsFor(def.innerType as Schema, depth);
    case 'pipe':
      return inputsFor(def.in as Schema, depth);
    case 'lazy':
      return depth > 0 ? inputsFor((def.getter as () => Schema)(), depth - 1) : oddValues;
    case 'literal':
      return [...(def.values as unknown[]), ...oddValues];
    case 'enum':
      return [Object.values(def.entries as object)[0], ...oddValues];
    case 'string':
      return ['0123456789'.repeat(30), 'Ab', '2026-12-01T09:00:00+08:00', ...oddValues];
    case 'number':
      return [5, 101, 1e9, 2 ** 60, ...oddValues];
    case 'union': {
      const options = def.options as Schema[];
      return [...oddValues, ...options.flatMap((o) => inputsFor(o, depth).slice(0, 60))];
    }
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      const base: Record<string, unknown> = {};
      // a discriminated union's option: its literal keys set, so the other keys are checked
      for (const [key, s] of Object.entries(shape)) if (s._zod.def.type === 'literal') base[key] = (s._zod.def as unknown as { values: unknown[] }).values[0];
      const out: unknown[] = [...oddValues, base, { ...base, notAField: 1 }, { ...base, a: 1, b: 2 }];
      for (const [key, s] of Object.entries(shape)) {
        if (s._zod.def.type === 'literal') continue;
        for (const v of inner(s).slice(0, 40)) out.push({ ...base, [key]: v });
      }
      return out;
    }
    case 'array':
      return [...oddValues, ...inner(def.element).slice(0, 40).map((v) => [v]), new Array(20).fill('x')];
    case 'tuple':
      return [...oddValues, ['09:00'], ['09:00', '10:00', '11:00'], ['10:00', '09:00'], ...inner((def.items as Schema[])[0]).slice(0, 20).map((v) => [v, v])];
    case 'record':
      return [...oddValues, { '': 1 }, { 'not-a-date': [] }, ...inner(def.valueType).slice(0, 40).map((v) => ({ k: v }))];
    default:
      return oddValues;
  }
}


/** What parsing `input` with `schema` gives, as comparable text: the data, the issues, or what it threw. */
export function parseOutcome(parse: (schema: Schema, input: unknown) => { success: boolean; data?: unknown; error?: { issues: unknown[] } }, schema: Schema, input: unknown): string {
  const text = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
  try {
    const result = parse(schema, input);
    return result.success ? `ok ${text(result.data)}` : text(result.error!.issues);
  } catch (error) {
    // LocalDateSchema's own message writes JSON.stringify(input), which throws on a bigint
    return `throws ${String(error)}`;
  }
}

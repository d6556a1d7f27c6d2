/**
 * The event reference (docs/events.md), generated from the machines and their zod schemas:
 * for every machine, each event it accepts with its fields (type, limits, required or not,
 * the field's description — its `.describe()`/`.meta()` text, else the JSDoc comment on the
 * field in `machines/<folder>/<folder>.schemas.ts`), the states that take it, and the rules
 * whose guards decide whether it is accepted. `npm run docs` writes it; test/events-doc.test.ts
 * fails while the committed page is stale.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as z from 'zod/mini';
import type { AnyStateMachine } from 'xstate';
import { loadCatalog, stateNodesOf, transitionsOf, type CatalogMachine } from '../src/catalog/index.js';
import { isRuleId, machineSchemasFor, ruleCheckOf, type RuleId } from '../src/rules/index.js';
import { rules } from '../src/rule-sources/index.js';
import { stepGates, type StepGate } from '../src/rules/gates.js';
import { defaultPolicy } from '../src/policy/index.js';
import { allowedRoles, permissionKey, roleName } from '../src/roles/permit.js';

/** Where the event reference lives. */
export const eventsDocPath = fileURLToPath(new URL('../docs/events.md', import.meta.url));

/** One field of an event, as the reference lists it. */
export interface EventField {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description?: string;
}

/** One event of a machine, as the reference lists it. */
export interface EventEntry {
  readonly type: string;
  readonly fields: readonly EventField[];
  /** `state → target` of every transition the event can take (`(any state)` for the machine's own). */
  readonly transitions: readonly string[];
  /** The roles the default permission table lets send it (`undefined`: the table does not restrict it). */
  readonly sentBy?: readonly string[];
  /** Rules whose guards decide whether the event is accepted. */
  readonly rules: readonly RuleId[];
  /** The ways into the states that take it, with the rules an out-of-order refusal names. */
  readonly gates: readonly StepGate[];
}

type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: unknown;
  description?: string;
};

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A JSON schema as a short type with its limits: `text (1–200 chars)`, `integer ≥ 1`, `'a' \| 'b'`. */
function typeText(s: JsonSchema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const parts = union.filter((u) => u.type !== 'null').map(typeText);
    return parts.join(' | ') + (union.some((u) => u.type === 'null') ? ' | null' : '');
  }
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  const range = (min: number | undefined, max: number | undefined, unit: string) =>
    min !== undefined && max !== undefined ? ` (${min}–${max}${unit})` : min !== undefined ? ` (≥ ${min}${unit})` : max !== undefined ? ` (≤ ${max}${unit})` : '';
  switch (type) {
    case 'string':
      if (s.format === 'date-time') return 'ISO-8601 date-time with offset';
      if (s.format === 'date') return 'date `YYYY-MM-DD`';
      if (s.format) return `string (${s.format})`;
      if (s.minLength === 1 && s.maxLength === undefined) return 'text, not empty';
      return `text${range(s.minLength, s.maxLength, ' chars')}`;
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? (type === 'integer' ? s.exclusiveMinimum + 1 : undefined) : undefined);
      const max = s.maximum !== undefined && s.maximum < MAX_SAFE ? s.maximum : undefined;
      const limits = [min !== undefined ? `≥ ${min}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '', max !== undefined ? `≤ ${max}` : ''].filter(Boolean).join(', ');
      return `${type}${limits ? ` ${limits}` : ''}`;
    }
    case 'boolean':
      return 'boolean';
    case 'array':
      return `list of ${s.items ? typeText(s.items) : 'values'}${range(s.minItems, s.maxItems, ' items')}`;
    case 'object': {
      if (!s.properties) return 'object';
      const keys = Object.entries(s.properties).map(([k, v]) => `${k}${s.required?.includes(k) ? '' : '?'}: ${typeText(v)}`);
      return `{ ${keys.join(', ')} }`;
    }
    default:
      return type ?? 'any';
  }
}

/** JSDoc comments on the fields of each event in a schemas file: `EVENT.TYPE` → field → text. */
function jsDocOf(file: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (!existsSync(file)) return out;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isObjectLiteralExpression(node)) {
      const typeProp = node.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source) === 'type');
      const literal = typeProp && ts.isCallExpression(typeProp.initializer) && typeProp.initializer.arguments[0];
      if (literal && ts.isStringLiteral(literal)) {
        const fields = new Map<string, string>();
        for (const p of node.properties) {
          if (!ts.isPropertyAssignment(p) && !ts.isShorthandPropertyAssignment(p)) continue;
          const text = ts
            .getJSDocCommentsAndTags(p)
            .map((d) => (typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? ''))
            .join(' ')
            .replace(/\s+/g, ' ')
            .trim();
          if (text) fields.set(p.name.getText(source), text);
        }
        out.set(literal.text, fields);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** `implement ← SUPERVISOR.APPROVE (CP-PROPOSE)`. */
function gateText(g: StepGate): string {
  return `\`${g.step}\` ← \`${g.gate}\` (${g.rules.length ? g.rules.map((r) => `\`${r}\``).join(', ') : 'no rule'})`;
}

/** The rule IDs behind a guard as the chart writes it (a name, or `and(...)` of names). */
function rulesOfGuard(machine: AnyStateMachine, guardLabel: string | undefined): RuleId[] {
  if (!guardLabel) return [];
  const guards = (machine.implementations.guards ?? {}) as Record<string, unknown>;
  const out: RuleId[] = [];
  for (const name of guardLabel.match(/[A-Za-z_$][\w$]*/g) ?? []) {
    const rule = ruleCheckOf(guards[name])?.rule;
    if (rule && isRuleId(rule) && !out.includes(rule)) out.push(rule);
  }
  return out;
}

/** Every event a machine's schema accepts, with its fields, transitions and rules. */
export function eventsOf(entry: CatalogMachine): EventEntry[] {
  const { machine, module } = entry;
  const options = (machineSchemasFor(machine.id)?.events as z.ZodMiniDiscriminatedUnion<z.ZodMiniObject[]> | undefined)?.def.options;
  if (!options) return [];
  const docs = jsDocOf(fileURLToPath(new URL(`../machines/${module}/${module}.schemas.ts`, import.meta.url)));
  const nodes = stateNodesOf(machine);
  return options.map((option) => {
    const type = String((option.shape.type as z.ZodMiniLiteral).def.values[0]);
    const json = z.toJSONSchema(option, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    const fields = Object.entries(json.properties ?? {})
      .filter(([name]) => name !== 'type')
      .map(([name, s]): EventField => {
        const description = s.description ?? docs.get(type)?.get(name) ?? (name === 'at' ? 'When it happened.' : undefined);
        return { name, type: typeText(s), required: json.required?.includes(name) ?? false, ...(description ? { description } : {}) };
      });
    const transitions: string[] = [];
    const ruleIds: RuleId[] = [];
    for (const node of nodes) {
      for (const t of transitionsOf(node)) {
        if (t.eventType !== type) continue;
        const from = node.parent ? node.path.join('.') : '(any state)';
        const to = t.targets.length ? t.targets.map((x) => x.path.join('.')).join(', ') : 'stays';
        const line = `${from} → ${to}${t.guardLabel ? ` [${t.guardLabel}]` : ''}`;
        if (!transitions.includes(line)) transitions.push(line);
        for (const rule of rulesOfGuard(machine, t.guardLabel)) if (!ruleIds.includes(rule)) ruleIds.push(rule);
      }
    }
    // Who may send it: the default table, enforced by ROLE-PERMIT's guard on every transition it takes.
    const sentBy = allowedRoles(defaultPolicy, permissionKey(machine.id), type);
    if (sentBy && !ruleIds.includes('ROLE-PERMIT')) ruleIds.unshift('ROLE-PERMIT');
    return { type, fields, transitions, ...(sentBy ? { sentBy: [...sentBy] } : {}), rules: ruleIds, gates: stepGates(machine, type) };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The event reference page, as `npm run docs` writes it. */
export async function buildEventsDoc(): Promise<string> {
  const machines = await loadCatalog();
  const out: string[] = [
    '# Event reference',
    '',
    '<!-- Generated by `npm run docs` (scripts/events.ts) from the machines\' zod schemas and charts. Do not edit by hand: test/events-doc.test.ts fails when this page is stale. -->',
    '',
    'Every event each machine accepts, generated from its zod schema (what `send` checks before the machine sees the event) and its chart. For each event:',
    '',
    '- **fields**: name, type with its limits, whether it is required, and what it means;',
    '- **sent by**: the roles the machine\'s default permission table (`machines/<name>/<name>.permissions.ts`) lets send it; sent with no principal or by any other role it is refused under `ROLE-PERMIT`. A host changes the table with `definePolicy({ roles: { permissions } })`; `allowedRoles(policy, machine, event)` reads the one in force.',
    '- **taken in**: the transitions it can take, `state → target [guard]` (`stays` when it records something without leaving the state);',
    '- **rules**: the rules whose guards decide whether it is accepted; a refused event names one of them (`send` returns it, `explain` asks without sending).',
    '- **out of order**: the ways into the states that take it, `state ← transition (rule)`: sent before its step is reached, the event is refused as `rule` under the rule of the way in (the one on the shortest way from where the case is); `no rule` marks a way in that no rule guards. Checks of an event\'s own time order or wording (`ruleGuard(…, { checks: \'event\' })`) refuse that event but gate no step: a way in guarded only by them (or by no rule) takes the rule it names in its `meta` (`{ rule }`), else the first rule of the step it leaves.',
    '',
    'An event that no state ahead of the current one takes (its step is behind the case, or no step takes it), or whose way in no rule guards, is refused as `unexpected-event`. `at` is when it happened (ISO-8601 with an offset), set by the host or the runtime from its clock, never by the end customer. The diagrams of the same machines: [diagrams](diagrams.md).',
    '',
    '## Machines',
    '',
  ];
  const sections: string[] = [];
  for (const entry of machines) {
    const events = eventsOf(entry);
    if (!events.length) continue;
    out.push(`- [${entry.name}](#${entry.name.toLowerCase()}) — ${events.length} events, \`${entry.exportName}\` from \`kefu/machines/${entry.module}\``);
    sections.push('', `## ${entry.name}`, '');
    const description = typeof entry.machine.root.description === 'string' ? entry.machine.root.description : '';
    if (description) sections.push(description, '');
    for (const event of events) {
      sections.push(`### \`${event.type}\``, '');
      if (event.fields.length) {
        sections.push('| field | type | required | meaning |', '| --- | --- | --- | --- |');
        for (const f of event.fields) sections.push(`| \`${f.name}\` | ${cell(f.type)} | ${f.required ? 'yes' : 'no'} | ${cell(f.description ?? '')} |`);
        sections.push('');
      } else sections.push('No fields.', '');
      if (event.sentBy) sections.push(`Sent by: ${event.sentBy.map((r) => `\`${r}\` (${roleName(r).zh})`).join(', ')}.`, '');
      sections.push(`Taken in: ${event.transitions.length ? event.transitions.map((t) => `\`${t}\``).join('; ') : 'no state (refused as unexpected)'}.`, '');
      if (event.gates.length) sections.push(`Out of order: ${event.gates.map(gateText).join('; ')}.`, '');
      if (event.rules.length) {
        sections.push('Rules:', '');
        for (const id of event.rules) sections.push(`- \`${id}\` ${rules[id].zh} / ${rules[id].en}`);
        sections.push('');
      }
    }
  }
  return `${[...out, ...sections].join('\n').replace(/\n+$/, '')}\n`;
}

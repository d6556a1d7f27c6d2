import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { StatelyActorEvent } from '@statelyai/inspect';
import { build } from 'esbuild';
import { customer, runWebSocketExample } from '../examples/inspector/websocket.js';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every guard and action reference in a serialized chart, with where it is. */
function references(node: unknown, path: string[] = [], out: Array<{ path: string; kind: 'guard' | 'action'; value: unknown }> = []) {
  if (Array.isArray(node)) {
    node.forEach((n, i) => references(n, [...path, String(i)], out));
    return out;
  }
  if (!node || typeof node !== 'object') return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'guard') out.push({ path: [...path, key].join('.'), kind: 'guard', value });
    if (key === 'actions' || key === 'entry' || key === 'exit') {
      for (const a of Array.isArray(value) ? value : [value]) out.push({ path: [...path, key].join('.'), kind: 'action', value: a });
    }
    if (key !== 'meta') references(value, [...path, key], out);
  }
  return out;
}

const named = (v: unknown) =>
  (typeof v === 'string' && v.length > 0) || (typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && (v as { type: string }).type.length > 0);

describe('examples/inspector: the WebSocket inspector against a local receiver (offline)', () => {
  it('the machine definition arrives with named guards and actions, and no personal data', async () => {
    const lines: string[] = [];
    const received = await runWebSocketExample((l) => lines.push(l));
    const actor = received.find((e): e is StatelyActorEvent => e.type === '@xstate.actor' && e.name === 'complaint');
    expect(actor?.definition).toBeTypeOf('string');
    const definition = JSON.parse(actor!.definition!);
    expect(definition.id).toBe('complaint');
    expect(Object.keys(definition.states)).toEqual(expect.arrayContaining(['register', 'assess', 'investigate', 'propose', 'implement', 'followUp', 'review', 'closed']));

    const refs = references(definition);
    expect(refs.filter((r) => r.kind === 'guard').length).toBeGreaterThan(10);
    expect(refs.filter((r) => !named(r.value))).toEqual([]);
    expect(actor!.definition).not.toContain('"type":""');
    expect(definition.states.assess.on['ASSESS.VALID'].guard).toEqual({ type: 'and(isPermittedRole, isAssessmentValid, hasApologyAndPromise)' });
    expect(definition.states.register.after.acknowledgeDeadline.description).toContain('CP-TIMELINE');

    const stream = JSON.stringify(received);
    for (const value of Object.values(customer)) expect(stream).not.toContain(value);
    expect(received.some((e) => e.type === '@xstate.snapshot' && (e.snapshot as { value?: unknown }).value === 'closedNotStands')).toBe(true);
    expect(lines.at(-1)).toContain('personal data in the stream: none');
  });

  it('runs on its own: npx tsx examples/inspector/websocket.ts', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/inspector/websocket.ts'], { cwd: root, timeout: 240_000 });
    expect(stdout).toContain('actor    complaint');
    expect(stdout).toContain('personal data in the stream: none');
  });

  it('the browser example bundles for the browser (kefu/inspect is ESM-only, like @statelyai/inspect)', async () => {
    const result = await build({
      entryPoints: [`${root}examples/inspector/browser.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      tsconfig: `${root}tsconfig.json`,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).toContain('stately.ai/inspect');
  });
});

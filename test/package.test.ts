/**
 * The published package: packs the tarball, installs it into a scratch folder (dependencies are
 * linked from this checkout, so no network is needed) and imports `kefu` and its subpaths from
 * both ESM and CommonJS, and type-checks a consumer with `moduleResolution: nodenext`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const exportsMap = pkg.exports as Record<string, string | { import: unknown; require?: unknown }>;
const name = (k: string) => (k === '.' ? 'kefu' : `kefu/${k.slice(2)}`);
const subpaths = Object.keys(exportsMap).filter((k) => k !== './package.json').map(name);
// Every subpath has a `require` condition (kefu/inspect and kefu/diagram included).
const requirable = Object.entries(exportsMap)
  .filter(([k, v]) => k !== './package.json' && typeof v === 'object' && v.require !== undefined)
  .map(([k]) => name(k));
let scratch = '';
let tarball = '';

// `npm test` runs scripts/prepare-package.mjs first (the `pretest` script): it builds when dist is
// stale and packs the tarball, outside any test timeout. Run directly (`npx vitest run ...`), this
// file prepares it itself, with the hook's timeout turned off rather than racing a build.
const manifestFile = join(root, '.tmp/package/manifest.json');
function newestSource(): number {
  let latest = 0;
  for (const dir of ['src', 'machines']) {
    for (const f of readdirSync(join(root, dir), { recursive: true })) latest = Math.max(latest, statSync(join(root, dir, String(f))).mtimeMs);
  }
  return latest;
}

beforeAll(() => {
  let manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : undefined;
  if (!manifest || !existsSync(manifest.tarball) || manifest.sourcesAt < newestSource()) {
    execFileSync(process.execPath, [join(root, 'scripts/prepare-package.mjs')], { cwd: root, stdio: 'ignore' });
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  }
  scratch = mkdtempSync(join(tmpdir(), 'kefu-pack-'));
  tarball = manifest.tarball;
  const modules = join(scratch, 'node_modules');
  mkdirSync(join(modules, 'kefu'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', join(modules, 'kefu'), '--strip-components=1']);
  // Every runtime dependency the manifest declares (so a new one cannot be forgotten here), plus
  // the peers and tools the consumers below use, linked from this checkout: no network needed.
  const linked = [...Object.keys(pkg.dependencies ?? {}), 'xstate', 'beautiful-mermaid', '@statelyai/inspect', 'typescript', '@types'];
  for (const dep of new Set(linked)) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), join(modules, dep));
  }
}, 0);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('installs the kefu command, which prints the rule catalogue', () => {
    const bin = join(scratch, 'node_modules/kefu', pkg.bin.kefu);
    const out = execFileSync('node', [bin, 'rules', '--lang', 'en'], { cwd: scratch, encoding: 'utf8' });
    expect(out).toContain('RV-3DAY');
  });

  it('ships only dist, the docs the README links to, README, LICENSE and package.json', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/LICENSE');
    expect(files.filter((f) => !/^package\/(dist\/|docs\/[\w.-]+\.md$|README\.md$|package\.json$|LICENSE$)/.test(f))).toEqual([]);
    // There is no public repository URL, so the docs ship in the tarball: every relative link of the
    // README and of the shipped docs resolves inside the installed package.
    const shipped = files.filter((f) => /^package\/(README\.md|docs\/[\w.-]+\.md)$/.test(f)).map((f) => f.slice('package/'.length));
    expect(shipped.length).toBeGreaterThan(20);
    for (const doc of shipped) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const inPackage = join('package', dirname(doc), target!).replace(/\/$/, '');
        expect(files.some((f) => f === inPackage || f.startsWith(`${inPackage}/`)), `${doc} links ${target}`).toBe(true);
      }
    }
    expect(files).toContain('package/docs/events.md');
  });

  it('imports every subpath from ESM and runs a complaint step', () => {
    writeFileSync(
      join(scratch, 'esm.mjs'),
      `${subpaths.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}
import { createActor } from 'xstate';
import { complaintMachine, send } from 'kefu';
import { complaintMachine as fromSubpath } from 'kefu/machines/complaint';
const actor = createActor(complaintMachine, { input: { form: { caseId: 'X', receivedAt: '2026-12-01T09:00:00+08:00' } } }).start();
const outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: { id: 'agent-zhou', role: 'agent' }, at: '2026-12-01T09:01:00+08:00' });
actor.stop();
console.log(JSON.stringify({ counts: [${subpaths.map((_, i) => `Object.keys(m${i}).length`).join(',')}], same: fromSubpath.id === complaintMachine.id, rule: outcome.violations[0].rule }));
`,
    );
    const result = JSON.parse(execFileSync('node', ['esm.mjs'], { cwd: scratch, encoding: 'utf8' }));
    expect(result.counts.every((n: number) => n > 0)).toBe(true);
    expect(result).toMatchObject({ same: true, rule: 'CP-REGISTER' });
  });

  it('requires every subpath from CommonJS, and a malformed event is refused there too', () => {
    writeFileSync(
      join(scratch, 'cjs.cjs'),
      `const subs = ${JSON.stringify(requirable)}.map((s) => require(s));
const { createActor } = require('xstate');
const { send } = require('kefu');
const { complaintMachine } = require('kefu/machines/complaint');
const actor = createActor(complaintMachine, { input: { form: { caseId: 'X', receivedAt: '2026-12-01T09:00:00+08:00' } } }).start();
const outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: { id: 'agent-zhou', role: 'agent' }, at: 'soon' });
actor.stop();
console.log(JSON.stringify({ counts: subs.map((m) => Object.keys(m).length), reason: outcome.reason, path: outcome.issues[0].path }));
`,
    );
    expect(requirable).toEqual(subpaths);
    const result = JSON.parse(execFileSync('node', ['cjs.cjs'], { cwd: scratch, encoding: 'utf8' }));
    expect(result.counts.every((n: number) => n > 0)).toBe(true);
    expect(result).toMatchObject({ reason: 'invalid-event', path: 'at' });
  });

  it('ROLE-PERMIT: loads the ESM and the CommonJS build side by side — each registers its own copy of every machine\'s table under the same key, accepted as the same table — and either refuses a different table under a kefu key', () => {
    writeFileSync(
      join(scratch, 'dual.mjs'),
      `import { createRequire } from 'node:module';
import { createMachine } from 'xstate';
const require = createRequire(import.meta.url);
const esm = await Promise.all(${JSON.stringify(requirable)}.map((s) => import(s)));
const cjs = ${JSON.stringify(requirable)}.map((s) => require(s));
const esmRoot = await import('kefu');
const cjsRoot = require('kefu');
const other = createMachine({ id: 'complaint', initial: 'a', states: { a: {} } });
const refusals = [esmRoot, cjsRoot].map((k) => {
  try {
    k.withRolePermit(other, { 'SUPERVISOR.APPROVE': ['agent'] });
    return null;
  } catch (e) {
    return { name: e.name, code: e.code, key: e.key, events: e.events };
  }
});
console.log(JSON.stringify({
  loaded: esm.length + cjs.length,
  twoCopies: esmRoot.complaintMachine !== cjsRoot.complaintMachine,
  roles: [esmRoot, cjsRoot].map((k) => k.allowedRoles(k.defaultPolicy, 'complaint', 'SUPERVISOR.APPROVE')),
  refusals,
}));
`,
    );
    const result = JSON.parse(execFileSync('node', ['dual.mjs'], { cwd: scratch, encoding: 'utf8' }));
    expect(result).toMatchObject({ loaded: requirable.length * 2, twoCopies: true, roles: [['supervisor'], ['supervisor']] });
    const refusal = { name: 'PermissionTableConflictError', code: 'KEFU_PERMISSION_TABLE_CONFLICT', key: 'complaint' };
    expect(result.refusals).toMatchObject([refusal, refusal]);
    expect(result.refusals[0].events).toContain('SUPERVISOR.APPROVE');
  });

  it("recognises an error of the CommonJS build with the ESM build's guards and instanceof, and back (the dual-package hazard)", () => {
    writeFileSync(
      join(scratch, 'dual-errors.mjs'),
      `import { createRequire } from 'node:module';
import { createActor } from 'xstate';
const require = createRequire(import.meta.url);
const esm = { ...(await import('kefu')), ...(await import('kefu/runtime')), ...(await import('kefu/time')) };
const cjs = { ...require('kefu'), ...require('kefu/runtime'), ...require('kefu/time') };
const refusedBy = (k) => {
  const actor = createActor(k.complaintMachine, { input: { form: { caseId: 'X', receivedAt: '2026-12-01T09:00:00+08:00' } } }).start();
  try { k.sendOrThrow(actor, { type: 'COMPLAINT.REGISTER', by: { id: 'agent-zhou', role: 'agent' }, at: 'soon' }); } catch (e) { return e; } finally { actor.stop(); }
};
const made = (k) => ({
  RefusedError: refusedBy(k),
  CaseNotFoundError: new k.CaseNotFoundError('C-1'),
  MalformedSnapshotError: new k.MalformedSnapshotError('not JSON'),
  CalendarCoverageError: new k.CalendarCoverageError('2027-01-04', { from: '2024-01-01', to: '2026-12-31' }),
});
const checked = (errors, k) => Object.fromEntries(Object.entries(errors).map(([name, e]) => [name, {
  guard: k['is' + name](e),
  instance: e instanceof k[name],
  kefu: [k.isKefuError(e), e instanceof k.KefuError],
  snapshot: [k.isSnapshotError(e), e instanceof k.SnapshotError],
  caseNotFound: [k.isCaseNotFoundError(e), e instanceof k.CaseNotFoundError],
}]));
console.log(JSON.stringify({ twoCopies: esm.KefuError !== cjs.KefuError, cjsInEsm: checked(made(cjs), esm), esmInCjs: checked(made(esm), cjs) }));
`,
    );
    const result = JSON.parse(execFileSync('node', ['dual-errors.mjs'], { cwd: scratch, encoding: 'utf8' }));
    const no = [false, false];
    const yes = [true, true];
    const expected = {
      RefusedError: { guard: true, instance: true, kefu: yes, snapshot: no, caseNotFound: no },
      CaseNotFoundError: { guard: true, instance: true, kefu: yes, snapshot: no, caseNotFound: yes },
      MalformedSnapshotError: { guard: true, instance: true, kefu: yes, snapshot: yes, caseNotFound: no },
      CalendarCoverageError: { guard: true, instance: true, kefu: no, snapshot: no, caseNotFound: no },
    };
    expect(result).toEqual({ twoCopies: true, cjsInEsm: expected, esmInCjs: expected });
  });

  it("runs on its own bundled copy of zod (and date-fns), and its schemas compose into the host's zod 4 schemas", () => {
    // No file of the installed package imports zod, date-fns or @date-fns/tz at run time: they are bundled.
    const dist = join(scratch, 'node_modules/kefu/dist');
    const runtimeImports = readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.c?js$/.test(f))
      .filter((f) => /(?:from\s*|require\(|import\()["'](?:zod|date-fns|@date-fns\/tz)(?:\/[^"']*)?["']/.test(readFileSync(join(dist, f), 'utf8')));
    expect(runtimeImports).toEqual([]);
    // …and their licences ship with it (MIT asks for the notice in every copy).
    const notices = readFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), 'utf8');
    for (const name of ['zod', 'date-fns', '@date-fns/tz']) expect(notices).toMatch(new RegExp(`^## ${name} \\d+\\.\\d+\\.\\d+\\n\\n(MIT License)`, 'm'));
    // The host's zod (linked from this checkout: the same version, another copy) composes kefu's schemas.
    writeFileSync(
      join(scratch, 'compose.mjs'),
      `import * as z from 'zod';
import { ChannelSchema, ContactSchema, parseOrThrow, isValidationError } from 'kefu';
const Host = z.object({ name: z.string(), contact: ContactSchema, channels: z.array(ChannelSchema) });
const good = Host.safeParse({ name: 'Li', contact: { phone: '+86 138 0000 0000' }, channels: ['phone'] });
const bad = Host.safeParse({ name: 'Li', contact: {}, channels: ['fax'] });
let ownError;
try { ContactSchema.parse({ phone: 'abc' }); } catch (e) { ownError = e; }
let refused;
try { parseOrThrow(Host, { name: 'Li', contact: { email: 'x' }, channels: [] }, 'host form'); } catch (e) { refused = e; }
const json = z.toJSONSchema(Host);
// zod keeps its configuration and global registry on globalThis: the host's reach kefu's copy.
z.config({ customError: () => 'host message' });
const configured = ChannelSchema.safeParse('fax').error.issues[0].message;
z.config({ customError: undefined });
z.globalRegistry.add(ChannelSchema, { description: 'how the customer came' });
const described = z.toJSONSchema(Host).properties.channels.items.description;
console.log(JSON.stringify({
  instance: ContactSchema instanceof z.core.$ZodType,
  good: good.success && good.data.contact.phone,
  bad: bad.error.issues.map((i) => i.path.join('.')),
  badIsZodError: bad.error instanceof z.ZodError,
  ownIsZodError: ownError instanceof z.core.$ZodError,
  refused: isValidationError(refused) && refused.fields,
  jsonContact: Object.keys(json.properties.contact.properties),
  configured,
  described,
}));
`,
    );
    const result = JSON.parse(execFileSync('node', ['compose.mjs'], { cwd: scratch, encoding: 'utf8' }));
    expect(result).toEqual({
      instance: true,
      good: '+86 138 0000 0000',
      bad: ['contact', 'channels.0'],
      badIsZodError: true,
      ownIsZodError: true,
      refused: ['contact.email'],
      jsonContact: ['phone', 'email'],
      configured: 'host message',
      described: 'how the customer came',
    });
  });

  it('runs the ESM-only optional peers from CommonJS: beautiful-mermaid on first use, @statelyai/inspect at require', () => {
    writeFileSync(
      join(scratch, 'peers.cjs'),
      `const { createActor } = require('xstate');
const { complaintMachine } = require('kefu');
const { toAscii } = require('kefu/diagram');
const { createInspector } = require('kefu/inspect');
const sent = [];
const inspector = createInspector({ send: (e) => sent.push(e.type) });
const actor = createActor(complaintMachine, { input: { form: { caseId: 'X', receivedAt: '2026-12-01T09:00:00+08:00' } }, inspect: inspector.inspect }).start();
actor.stop();
toAscii(complaintMachine).then((ascii) => console.log(JSON.stringify({ ascii, sent })));
`,
    );
    const result = JSON.parse(execFileSync('node', ['peers.cjs'], { cwd: scratch, encoding: 'utf8' }));
    expect(result.ascii).toMatch(/│\s+register\s+│/);
    expect(result.sent).toContain('@xstate.actor');
  });

  it('type-checks a consumer with moduleResolution nodenext', () => {
    writeFileSync(
      join(scratch, 'consumer.mts'),
      `import { createActor } from 'xstate';
import { complaintMachine, send, type Outcome } from 'kefu';
import { addWorkingHours, defaultCalendar } from 'kefu/time';
import * as z from 'zod';
import { ContactSchema } from 'kefu';
// kefu's .d.ts files name the host's zod types: its schemas compose, and infer, in the host's schemas.
const HostForm = z.object({ name: z.string(), contact: ContactSchema });
export const form: z.infer<typeof HostForm> = { name: 'Li', contact: { phone: '+86 138 0000 0000' } };
// @ts-expect-error the contact's phone is a string
export const wrong: z.infer<typeof HostForm> = { name: 'Li', contact: { phone: 138 } };
const actor = createActor(complaintMachine, { input: { form: { caseId: 'X', receivedAt: '2026-12-01T09:00:00+08:00' } } });
const outcome: Outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: { id: 'agent-zhou', role: 'agent' }, at: addWorkingHours(defaultCalendar, '2026-12-01T09:00:00+08:00', 1) });
// @ts-expect-error an unknown event type does not type-check
send(actor, { type: 'NOPE', at: '' });
export { outcome };
`,
    );
    // A CommonJS TypeScript file resolves the ESM-only-peer subpaths too.
    writeFileSync(
      join(scratch, 'consumer.cts'),
      `import diagram = require('kefu/diagram');
import inspect = require('kefu/inspect');
import kefu = require('kefu');
const text: string = diagram.toMermaid(kefu.complaintMachine);
export = { text, inspector: typeof inspect.createInspector, redacted: inspect.REDACTED };
`,
    );
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ['consumer.mts', 'consumer.cts'] }),
    );
    execFileSync(process.execPath, [join(scratch, 'node_modules/typescript/bin/tsc'), '-p', scratch], { cwd: scratch, encoding: 'utf8' });
  }, 240_000);
});

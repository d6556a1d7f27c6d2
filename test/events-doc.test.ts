import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/index.js';
import { machineSchemasFor } from '../src/rules/index.js';
import { allowedRoles, defaultPolicy } from 'kefu';
import { permissionKey } from '../src/roles/permit.js';
import { buildEventsDoc, eventsDocPath, eventsOf } from '../scripts/events.js';

describe('docs/events.md, the event reference generated from the schemas', () => {
  it('is up to date with the machines (run `npm run docs` to regenerate)', async () => {
    expect(readFileSync(eventsDocPath, 'utf8'), 'docs/events.md is stale: run `npm run docs`').toBe(await buildEventsDoc());
  });

  it('lists every event of every machine\'s schema, with every field', async () => {
    const doc = await buildEventsDoc();
    for (const entry of await loadCatalog()) {
      const schema = machineSchemasFor(entry.machine.id)?.events as unknown as { def: { options: Array<{ shape: Record<string, unknown> }> } };
      expect(schema, `${entry.name} registers its event schema`).toBeDefined();
      const events = eventsOf(entry);
      expect(events.map((e) => e.type)).toEqual(schema.def.options.map((o) => (o.shape.type as { def: { values: string[] } }).def.values[0]));
      for (const [i, event] of events.entries()) {
        expect(doc).toContain(`### \`${event.type}\``);
        expect(event.fields.map((f) => f.name)).toEqual(Object.keys(schema.def.options[i]!.shape).filter((k) => k !== 'type'));
      }
    }
  });

  it('CP-PROPOSE: lists the ways into each event\'s step with the rules an out-of-order refusal names', async () => {
    const complaint = (await loadCatalog()).find((m) => m.name === 'complaint')!;
    const events = eventsOf(complaint);
    expect(events.find((e) => e.type === 'IMPLEMENTATION.COMPLETE')!.gates).toEqual([{ step: 'implement', gate: 'SUPERVISOR.APPROVE', rules: ['CP-PROPOSE'] }]);
    // Only the first step takes it, and nothing leads back there: no way in to list.
    expect(events.find((e) => e.type === 'COMPLAINT.REGISTER')!.gates).toEqual([]);
    const doc = await buildEventsDoc();
    expect(doc).toContain('Out of order: `implement` ← `SUPERVISOR.APPROVE` (`CP-PROPOSE`).');
  });

  it('gives types, limits, meanings, the transitions and the guarding rules', async () => {
    const complaint = (await loadCatalog()).find((m) => m.name === 'complaint')!;
    const events = eventsOf(complaint);
    const investigation = events.find((e) => e.type === 'INVESTIGATION.RECORD')!;
    // What a new user had to read .d.ts files for: the handler is a department.
    expect(investigation.fields.find((f) => f.name === 'handler')).toMatchObject({ required: true, description: expect.stringContaining('department') });
    expect(investigation.rules).toContain('CP-INVESTIGATE');
    const assess = events.find((e) => e.type === 'ASSESS.VALID')!;
    expect(assess.fields.find((f) => f.name === 'investigationDays')).toMatchObject({ type: 'integer ≥ 1', required: true });
    expect(assess.transitions).toEqual(['assess → investigate [and(isAssessmentValid, hasApologyAndPromise)]']);
    expect(assess.rules).toEqual(['ROLE-PERMIT', 'CP-ASSESS', 'CP-TIMELINE']);
    const approve = events.find((e) => e.type === 'SUPERVISOR.APPROVE')!;
    expect(approve.fields.find((f) => f.name === 'note')).toMatchObject({ required: false });
    const reply = events.find((e) => e.type === 'REPLY.SEND')!;
    expect(reply.transitions).toEqual(['(any state) → stays [isTextPolite]']);
    expect(reply.rules).toEqual(['ROLE-PERMIT', 'CP-LANGUAGE']);
  });

  it('ROLE-PERMIT: gives every event the roles the default table lets send it, and ROLE-PERMIT among its rules', async () => {
    const doc = await buildEventsDoc();
    let listed = 0;
    for (const entry of await loadCatalog()) {
      const key = permissionKey(entry.machine.id);
      for (const event of eventsOf(entry)) {
        const allowed = allowedRoles(defaultPolicy, key, event.type);
        expect(allowed, `${key} ${event.type} is in the default table`).toBeDefined();
        expect(event.sentBy).toEqual(allowed);
        expect(event.rules[0], `${key} ${event.type}`).toBe('ROLE-PERMIT');
        listed++;
      }
    }
    expect(listed).toBeGreaterThan(100);
    const complaint = eventsOf((await loadCatalog()).find((m) => m.name === 'complaint')!);
    expect(complaint.find((e) => e.type === 'SUPERVISOR.APPROVE')!.sentBy).toEqual(['supervisor']);
    expect(doc).toContain('### `SUPERVISOR.APPROVE`');
    expect(doc.slice(doc.indexOf('### `SUPERVISOR.APPROVE`'))).toMatch(/^### `SUPERVISOR.APPROVE`[\s\S]*?Sent by: `supervisor` \(客服主管\)\./);
    expect(doc.slice(doc.indexOf('### `INSPECTION.RECORD`'))).toMatch(/^### `INSPECTION.RECORD`[\s\S]*?Sent by: `afterSales` \(售后服务专员\)\./);
    // An agent's own acknowledgement says whose it is.
    const audit = eventsOf((await loadCatalog()).find((m) => m.name === 'qualityAudit')!);
    expect(audit.find((e) => e.type === 'FEEDBACK.ACKNOWLEDGE')!.fields.find((f) => f.name === 'agentId')!.description).toContain('the principal must be this agent');
  });
});

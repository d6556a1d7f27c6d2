/**
 * The root entry carries the messages of the rules its own code and the complaint machine check;
 * the other processes' messages come with the modules that check them. Runs in a module registry of
 * its own (vitest.config.ts, `isolated`): it checks what is known before and after the return-visit
 * machine is loaded, so no other test file may have loaded a process first.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type EventObject } from 'xstate';
import { complaintMachine, explain, violation } from 'kefu';

describe("rule messages travel with the processes that check them", () => {
  it("the root knows the complaint's messages; a process rule's message is known once its machine is loaded (before that its ID stands in)", async () => {
    expect(violation('CP-REVIEW').message.en).toMatch(/^The supervisor files the case/);
    expect(violation('RV-QUIET').message.zh).toBe('避免在客户休息时打扰客户');
    expect(violation('ROLE-PERMIT').message.en).toMatch(/^Each step is taken by the role/);
    // Not loaded: nothing in this process has checked RV-3DAY yet.
    expect(violation('RV-3DAY', { reason: { zh: '已逾期', en: 'overdue' } }).message).toEqual({ zh: 'RV-3DAY:已逾期', en: 'RV-3DAY: overdue' });

    const { returnVisitMachine } = await import('kefu/machines/return-visit');
    expect(returnVisitMachine.id).toBe('returnVisit');
    expect(violation('RV-3DAY', { reason: { zh: '已逾期', en: 'overdue' } }).message).toEqual({
      zh: '回访须在服务后三天内完成:已逾期',
      en: 'Return visits must be made within three days of the service: overdue',
    });
  });

  it("explain on a complaint names the complaint's rules with their messages, whatever else is loaded", () => {
    const actor = createActor(complaintMachine, { input: { form: { caseId: 'C-1', complainant: '王先生' }, at: '2026-12-01T09:00:00+08:00' } }).start();
    const outcome = explain(actor.getSnapshot(), { type: 'COMPLAINT.REGISTER', at: '2026-12-01T09:05:00+08:00' } as EventObject, { by: { id: 'a-1', role: 'agent' } });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-REGISTER', message: { zh: expect.stringContaining('顾客投诉登记表') } }] });
  });

  it('kefu/rule-sources, loaded, makes the whole catalogue known', async () => {
    const { rules } = await import('kefu/rule-sources');
    expect(violation('STAFF-DUTY').message.zh).toBe(rules['STAFF-DUTY'].zh);
    expect(rules['STAFF-DUTY'].zh).not.toBe('STAFF-DUTY');
  });
});

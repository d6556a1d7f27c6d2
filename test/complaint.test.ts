import { describe, expect, it, vi } from 'vitest';
import { createActor, SimulatedClock } from 'xstate';
import { complaintMachine, explain, send, sendOrThrow, definePolicy, isValidationError, invariantFailures, RefusedError, type ComplaintEvent } from 'kefu';
import * as z from 'zod/mini';
import { machineSchemasFor, ComplaintEventSchema, ComplaintFormSchema } from 'kefu';
import { AccountabilityTargetSchema, ComplaintFormDraftSchema, missingFormFields, ProposalVerdictSchema, SignatureEvidenceSchema } from 'kefu/machines/complaint';
import { EscalationRecordSchema } from '../src/rules/invariants.js';
import { inputsFor, parseOutcome } from './support/zod-corpus.js';
import { advanceUntil, form, happyPath, startComplaint, T } from './support/complaint.js';
import { people } from './support/principals.js';

describe('complaint machine: the seven steps', () => {
  it('walks register → assess → investigate → propose (主管批示) → implement → follow-up → review → closed', () => {
    const actor = startComplaint();
    const steps: string[] = [];
    actor.on('complaint.stepEntered', (e) => steps.push(e.step));
    const closed = vi.fn();
    actor.on('complaint.closed', closed);
    for (const event of happyPath) sendOrThrow(actor, event);
    expect(steps).toEqual(['assess', 'investigate', 'propose', 'implement', 'followUp', 'review']);
    const snap = actor.getSnapshot();
    expect(snap.status).toBe('done');
    expect(snap.output).toEqual({ caseId: form.caseId, outcome: 'resolved', closedAt: T('16:00', '2026-12-04') });
    expect(closed).toHaveBeenCalledWith(expect.objectContaining({ caseId: form.caseId, outcome: 'resolved' }));
    expect(snap.context.approval?.proposalId).toBe('P2');
  });

  it('names every step after the documents in meta', () => {
    const steps = ['register', 'assess', 'investigate', 'propose', 'implement', 'followUp', 'review'] as const;
    const zh = steps.map((s) => (complaintMachine.states[s]!.meta as { zh: string }).zh);
    expect(zh).toEqual(['投诉受理', '投诉判断', '展开调查', '提出处理方案', '实施处理方案', '处理后回访', '总结评价']);
  });
});

describe('CP-REGISTER', () => {
  it('CP-REGISTER: a complete form is registered', () => {
    const actor = startComplaint();
    expect(send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:35') })).toEqual({ accepted: true, eventType: 'COMPLAINT.REGISTER' });
    expect(actor.getSnapshot().value).toBe('assess');
  });

  it('CP-REGISTER: an incomplete form is refused and the missing fields are named', () => {
    const actor = startComplaint({ input: { form: { caseId: 'C-2', complainant: '李女士' }, at: T('09:00') } });
    const outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:05') });
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.reason).toBe('rule');
    expect(outcome.violations[0]!.rule).toBe('CP-REGISTER');
    expect(outcome.violations[0]!.details).toEqual({ missing: ['contact', 'receivedAt', 'channel', 'content', 'desiredRemedy', 'member'] });
    expect(outcome.message.en).toContain('missing contact, receivedAt');
    expect(actor.getSnapshot().value).toBe('register');
  });

  it('CP-REGISTER: the form is filled in step by step, then registered', () => {
    const actor = startComplaint({ input: { form: { caseId: 'C-3' }, at: T('09:00') } });
    const { caseId: _c, ...rest } = form;
    sendOrThrow(actor, { type: 'FORM.UPDATE', by: people.agent, fields: rest, at: T('09:02') });
    expect(missingFormFields(actor.getSnapshot().context.form)).toEqual([]);
    sendOrThrow(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:05') });
    expect(actor.getSnapshot().value).toBe('assess');
  });

  it('CP-REGISTER: a form checked before is checked again when it changes, and what is returned is the caller\'s own', () => {
    const draft: Record<string, unknown> = { ...form };
    expect(missingFormFields(draft)).toEqual([]);
    delete draft.content;
    draft.member = 'yes';
    const missing = missingFormFields(draft);
    expect(missing).toEqual(['content', 'member']);
    missing.push('scribbled');
    expect(missingFormFields({ ...draft })).toEqual(['content', 'member']);
    draft.content = form.content;
    draft.member = true;
    expect(missingFormFields(draft)).toEqual([]);
  });

  it('CP-REGISTER: a malformed input is rejected with a ValidationError naming the field', () => {
    const actor = createActor(complaintMachine, { input: { form: { caseId: 'C-4', contact: { phone: 'call me' } }, at: 'yesterday' } as never });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect(isValidationError(errors[0])).toBe(true);
    expect((errors[0] as { fields: string[] }).fields).toEqual(expect.arrayContaining(['form.contact.phone', 'at']));
  });
});

describe('malformed events', () => {
  it('a malformed event is refused with the field named and the case unchanged', () => {
    const actor = startComplaint();
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: 'not a time' });
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'at' }] });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('CP-PROPOSE: an approval sent before any remedy is submitted is refused under the rule that gates the approval step', () => {
    const actor = startComplaint();
    const before = actor.getSnapshot();
    const outcome = send(actor, { type: 'SUPERVISOR.APPROVE', by: people.supervisor, proposalId: 'P1', supervisor: 'x', at: T('10:00') });
    expect(outcome).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'CP-PROPOSE', details: { outOfOrder: true, step: 'propose.awaitingApproval', gate: 'PROPOSAL.SUBMIT' } }],
    });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('sendOrThrow throws a RefusedError carrying the rule IDs', () => {
    const actor = startComplaint({ input: { form: { caseId: 'C-5' }, at: T('09:00') } });
    try {
      sendOrThrow(actor, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:01') });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      expect((e as RefusedError).ruleIds).toEqual(['CP-REGISTER']);
    }
  });
});

describe('CP-ASSESS', () => {
  const valid = happyPath[1]!;

  it('CP-ASSESS: a complaint that stands goes to investigation with the department and period', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'INVESTIGATION.RECORD');
    expect(actor.getSnapshot().value).toBe('investigate');
    expect(actor.getSnapshot().context.assessment).toMatchObject({ verdict: 'valid', department: 'repair', investigationDays: 2 });
  });

  it('CP-ASSESS: an unknown department or a customer who has not agreed is refused', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ASSESS.VALID');
    const outcome = send(actor, { ...valid, department: 'marketing', customerAgreed: false } as never);
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.violations.map((v) => v.rule)).toEqual(['CP-ASSESS']);
    expect(outcome.violations[0]!.details).toEqual({ fields: ['department', 'customerAgreed'] });
    expect(actor.getSnapshot().value).toBe('assess');
  });

  it('CP-ASSESS: a complaint that does not stand closes only after a tactful explanation the customer acknowledges', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ASSESS.VALID');
    sendOrThrow(actor, { type: 'ASSESS.INVALID', by: people.agent, reason: '已过保修期', at: T('10:00') });
    const early = send(actor, { type: 'CUSTOMER.ACKNOWLEDGE', by: people.customer, at: T('10:01') });
    expect(early).toMatchObject({ accepted: false, violations: [{ rule: 'CP-ASSESS' }] });
    sendOrThrow(actor, { type: 'EXPLANATION.GIVE', by: people.agent, text: '您好,这次维修已超过保修期,我们可以为您提供优惠检测。', at: T('10:05') });
    sendOrThrow(actor, { type: 'CUSTOMER.ACKNOWLEDGE', by: people.customer, at: T('10:10') });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toMatchObject({ outcome: 'not-stands' });
  });

  it('CP-ASSESS: a customer who disputes the explanation sends the case back to assessment', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ASSESS.VALID');
    sendOrThrow(actor, { type: 'ASSESS.INVALID', by: people.agent, reason: '已过保修期', at: T('10:00') });
    sendOrThrow(actor, { type: 'EXPLANATION.GIVE', by: people.agent, text: '您好,这次维修已超过保修期。', at: T('10:05') });
    sendOrThrow(actor, { type: 'CUSTOMER.DISPUTE', by: people.customer, reason: '保修卡写的是两年', at: T('10:10') });
    expect(actor.getSnapshot().value).toBe('assess');
    expect(actor.getSnapshot().context.disputes).toHaveLength(1);
  });
});

describe('CP-INVESTIGATE', () => {
  const record = happyPath[2]!;

  it('CP-INVESTIGATE: a repair-quality cause handled by the repair department is recorded', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'PROPOSAL.ADD');
    expect(actor.getSnapshot().context.investigation).toMatchObject({ cause: 'repair-quality', responsiblePerson: '技师李四' });
  });

  it('CP-INVESTIGATE: a repair-quality cause routed to the service desk is refused', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'INVESTIGATION.RECORD');
    const outcome = send(actor, { ...record, handler: 'service' } as never);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-INVESTIGATE', details: { expected: 'repair-quality' } }] });
  });

  it('CP-INVESTIGATE: a record without the responsible person is refused as malformed', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'INVESTIGATION.RECORD');
    const outcome = send(actor, { ...record, responsiblePerson: '' } as never);
    expect(outcome).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'responsiblePerson' }] });
  });
});

describe('CP-PROPOSE', () => {
  it('CP-PROPOSE: nothing goes to the supervisor without a proposal', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'PROPOSAL.ADD');
    expect(send(actor, { type: 'PROPOSAL.SUBMIT', by: people.agent, at: T('16:00') })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE' }] });
  });

  it('CP-PROPOSE: the supervisor can only approve a proposal on the table, and approval leads to implementation', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'SUPERVISOR.APPROVE');
    expect(actor.getSnapshot().value).toEqual({ propose: 'awaitingApproval' });
    const bad = send(actor, { type: 'SUPERVISOR.APPROVE', by: people.supervisor, proposalId: 'P9', supervisor: '主管张三', at: T('17:00') });
    expect(bad).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { proposals: ['P1', 'P2'] } }] });
    sendOrThrow(actor, happyPath.find((e) => e.type === 'SUPERVISOR.APPROVE')!);
    expect(actor.getSnapshot().value).toBe('implement');
  });
});

describe('CP-PROPOSE: a verdict on every proposal, four eyes, the customer\'s choice', () => {
  const review = (proposalId: string, verdict: 'accept' | 'reject', at: string, reason?: string) =>
    ({ type: 'PROPOSAL.REVIEW', by: people.supervisor, proposalId, verdict, ...(reason ? { reason } : {}), at: T(at) }) as const;
  const approve = (proposalId: string, at: string, by: (typeof people)[keyof typeof people] = people.supervisor) =>
    ({ type: 'SUPERVISOR.APPROVE', by, proposalId, supervisor: '主管张三', at: T(at) }) as const;
  /** Both proposals submitted, no verdict yet. */
  const submitted = () => {
    const actor = startComplaint();
    advanceUntil(actor, 'PROPOSAL.REVIEW');
    return actor;
  };

  it('CP-PROPOSE: proposals record their author from the principal', () => {
    const actor = submitted();
    expect(actor.getSnapshot().context.proposals.map((p) => [p.id, p.author])).toEqual([
      ['P1', people.agent],
      ['P2', people.agent],
    ]);
  });

  it('CP-PROPOSE: approving while a proposal has no verdict is refused and names the unreviewed ones; after a verdict on each it is applied', () => {
    const actor = submitted();
    const none = send(actor, approve('P2', '16:30'));
    expect(none).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-PROPOSE', details: { unreviewed: ['P1', 'P2'] } }] });
    if (!none.accepted) expect(none.message.en).toContain('not reviewed: P1, P2');
    sendOrThrow(actor, review('P2', 'accept', '16:35'));
    const one = send(actor, approve('P2', '16:36'));
    expect(one).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { unreviewed: ['P1'] } }] });
    if (!one.accepted) expect(one.message.zh).toContain('尚未审阅:P1');
    expect(actor.getSnapshot().value).toEqual({ propose: 'awaitingApproval' });
    sendOrThrow(actor, review('P1', 'reject', '16:40', '成本过高'));
    expect(send(actor, approve('P2', '16:45'))).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
    const { approval, proposals } = actor.getSnapshot().context;
    expect(approval).toEqual({ proposalId: 'P2', supervisor: '主管张三', by: people.supervisor, at: T('16:45') });
    expect(proposals.map((p) => ProposalVerdictSchema.parse(p.verdict?.decision))).toEqual(['reject', 'accept']);
    expect(proposals.map((p) => p.verdict)).toEqual([
      { decision: 'reject', reason: '成本过高', by: people.supervisor, at: T('16:40') },
      { decision: 'accept', by: people.supervisor, at: T('16:35') },
    ]);
  });

  it('CP-PROPOSE: a rejection without a reason, or a verdict on a proposal not on the table, is refused; the case is unchanged', () => {
    const actor = submitted();
    const before = actor.getSnapshot();
    expect(send(actor, review('P1', 'reject', '16:30'))).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { field: 'reason', proposalId: 'P1' } }] });
    expect(send(actor, review('P9', 'accept', '16:30'))).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { proposals: ['P1', 'P2'] } }] });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('CP-PROPOSE: a rejected proposal cannot be approved', () => {
    const actor = submitted();
    sendOrThrow(actor, review('P1', 'reject', '16:30', '成本过高'));
    sendOrThrow(actor, review('P2', 'accept', '16:31'));
    expect(send(actor, approve('P1', '16:40'))).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { proposalId: 'P1', verdict: 'reject' } }] });
    expect(actor.getSnapshot().value).toEqual({ propose: 'awaitingApproval' });
  });

  it('CP-PROPOSE: four eyes — the supervisor who authored a proposal cannot approve it; another supervisor can', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'PROPOSAL.ADD');
    sendOrThrow(actor, { type: 'PROPOSAL.ADD', by: people.supervisor, proposalId: 'P1', description: '免费复检并更换滤清器', department: 'repair', at: T('16:00') });
    sendOrThrow(actor, { type: 'PROPOSAL.SUBMIT', by: people.supervisor, at: T('16:10') });
    sendOrThrow(actor, review('P1', 'accept', '16:20'));
    const own = send(actor, approve('P1', '16:30'));
    expect(own).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-PROPOSE', details: { author: people.supervisor.id, by: people.supervisor.id } }] });
    if (!own.accepted) expect(own.message.en).toContain('may not be the author');
    expect(send(actor, approve('P1', '16:40', people.supervisor2))).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
    expect(actor.getSnapshot().context.approval?.by).toEqual(people.supervisor2);
  });

  it('CP-PROPOSE: the customer chooses among the accepted proposals (请顾客参与共同选择), by their own hand or recorded by the agent; the approval follows the choice', () => {
    const actor = submitted();
    const choose = (proposalId: string, at: string, by: (typeof people)[keyof typeof people] = people.customer) => ({ type: 'CUSTOMER.CHOOSE', by, proposalId, at: T(at) }) as const;
    expect(send(actor, choose('P2', '16:30'))).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { proposalId: 'P2', accepted: [] } }] });
    sendOrThrow(actor, review('P1', 'accept', '16:31'));
    sendOrThrow(actor, review('P2', 'accept', '16:32'));
    // Only the customer and the staff who talk with them record the choice.
    expect(send(actor, choose('P2', '16:33', people.quality))).toMatchObject({ accepted: false, violations: [{ rule: 'ROLE-PERMIT' }] });
    sendOrThrow(actor, choose('P2', '16:34'));
    expect(actor.getSnapshot().context.customerChoice).toEqual({ proposalId: 'P2', by: people.customer, at: T('16:34') });
    expect(send(actor, approve('P1', '16:40'))).toMatchObject({ accepted: false, violations: [{ rule: 'CP-PROPOSE', details: { customerChoice: 'P2' } }] });
    // The customer changes their mind with the agent on the phone: the new choice is recorded.
    sendOrThrow(actor, choose('P1', '16:45', people.agent));
    expect(actor.getSnapshot().context.customerChoice).toEqual({ proposalId: 'P1', by: people.agent, at: T('16:45') });
    expect(send(actor, approve('P1', '16:50'))).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
  });

  it('CP-PROPOSE: a choice of a proposal the supervisor then rejects no longer stands', () => {
    const actor = submitted();
    sendOrThrow(actor, review('P1', 'accept', '16:31'));
    sendOrThrow(actor, review('P2', 'accept', '16:32'));
    sendOrThrow(actor, { type: 'CUSTOMER.CHOOSE', by: people.customer, proposalId: 'P2', at: T('16:33') });
    sendOrThrow(actor, review('P2', 'reject', '16:40', '配件缺货'));
    expect(actor.getSnapshot().context.customerChoice).toBeUndefined();
    expect(send(actor, approve('P1', '16:45'))).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
  });

  it('CP-PROPOSE: a stored case in implementation whose approved proposal has no verdict accepting it breaks the invariant', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.NOTIFY');
    const { context } = actor.getSnapshot();
    expect(invariantFailures('complaint', { status: 'active', value: 'implement', context })).toEqual([]);
    const tampered = { ...context, proposals: context.proposals.map((p) => ({ ...p, verdict: undefined })) };
    expect(invariantFailures('complaint', { status: 'active', value: 'implement', context: tampered })).toMatchObject([
      { name: 'complaint.implement.approval', issues: [{ path: 'snapshot.context.approval.proposalId' }] },
    ]);
  });
});

describe('CP-SIGNOFF', () => {
  it('CP-SIGNOFF: the customer cannot sign before being notified', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.NOTIFY');
    expect(send(actor, { type: 'CUSTOMER.ACCEPT', by: people.customer, signedBy: '王先生', at: T('09:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-SIGNOFF' }],
    });
  });

  it('CP-SIGNOFF: implementation cannot complete without signature and feedback (nor, CP-ACCOUNTABILITY, the measures); missing ones are named', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.ACCEPT');
    const outcome = send(actor, { type: 'IMPLEMENTATION.COMPLETE', by: people.agent, at: T('10:00', '2026-12-02') });
    expect(outcome).toMatchObject({
      accepted: false,
      violations: [
        { rule: 'CP-SIGNOFF', details: { missing: ['signature', 'feedback'] } },
        { rule: 'CP-ACCOUNTABILITY', details: { missing: ['accountability.direct', 'accountability.head'] } },
      ],
    });
    advanceUntil(actor, 'FOLLOWUP.RECORD', 'CUSTOMER.ACCEPT'); // the refused event changed nothing
    expect(actor.getSnapshot().value).toBe('followUp');
  });

  it("CP-SIGNOFF: the customer's own signature is taken and recorded with the principal", () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ACCOUNTABILITY.RECORD');
    expect(actor.getSnapshot().context.signature).toEqual({ signedBy: '王先生', by: people.customer, at: T('10:00', '2026-12-02') });
  });

  it("CP-SIGNOFF: an agent signing for the customer without evidence is refused naming the evidence; with evidence it is recorded", () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.ACCEPT');
    const before = actor.getSnapshot();
    const sign = { type: 'CUSTOMER.ACCEPT', signedBy: '王先生', at: T('10:00', '2026-12-02') } as const;
    const forged = send(actor, { ...sign, by: people.agent });
    expect(forged).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-SIGNOFF', details: { field: 'evidence', by: people.agent } }] });
    if (!forged.accepted) {
      expect(forged.message.zh).toContain('客服代表不能代签');
      expect(forged.message.en).toContain('agent may not sign for them');
    }
    expect(actor.getSnapshot()).toBe(before);
    // Evidence of another kind than the three is malformed, named by its field.
    expect(send(actor, { ...sign, by: people.agent, evidence: { kind: 'verbal', ref: 'x' } } as never)).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'evidence.kind' }] });
    const evidence = SignatureEvidenceSchema.parse({ kind: 'sms-code', ref: 'SMS-20261202-4829' });
    expect(send(actor, { ...sign, by: people.agent, evidence })).toEqual({ accepted: true, eventType: 'CUSTOMER.ACCEPT' });
    expect(actor.getSnapshot().context.signature).toEqual({ signedBy: '王先生', by: people.agent, evidence, at: T('10:00', '2026-12-02') });
  });

  it('CP-SIGNOFF: with roles opted out (roles.enforce: false) a signature with no principal is taken, one an agent sends still needs evidence', () => {
    const policy = definePolicy({ roles: { enforce: false } });
    const actor = startComplaint({ input: { form, policy } });
    advanceUntil(actor, 'CUSTOMER.ACCEPT');
    const sign = { type: 'CUSTOMER.ACCEPT', signedBy: '王先生', at: T('10:00', '2026-12-02') } as const;
    expect(send(actor, { ...sign, by: people.agent })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-SIGNOFF' }] });
    expect(send(actor, sign)).toEqual({ accepted: true, eventType: 'CUSTOMER.ACCEPT' });
  });

  it("CP-SIGNOFF: a stored signature recorded by an agent without evidence breaks the invariant", () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ACCOUNTABILITY.RECORD');
    const { context } = actor.getSnapshot();
    const tampered = { ...context, signature: { ...context.signature!, by: people.agent } };
    expect(invariantFailures('complaint', { status: 'active', value: 'implement', context: tampered })).toMatchObject([
      { name: 'complaint.signature.own', issues: [{ path: 'snapshot.context.signature.evidence' }] },
    ]);
  });

  it('CP-SIGNOFF: with everything recorded, implementation completes', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    expect(actor.getSnapshot().value).toBe('followUp');
  });

  it('a customer who rejects the remedy sends the case back to proposal with the reason kept', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.ACCEPT');
    sendOrThrow(actor, { type: 'CUSTOMER.REJECT', by: people.customer, reason: '希望直接退款', at: T('10:00', '2026-12-02') });
    const snap = actor.getSnapshot();
    expect(snap.value).toEqual({ propose: 'drafting' });
    expect(snap.context.rejections).toEqual([{ by: 'customer', proposalId: 'P2', reason: '希望直接退款', at: T('10:00', '2026-12-02') }]);
    expect(snap.context.approval).toBeUndefined();
  });

  it('CP-PROPOSE: a remedy the customer rejected is not approved again unless the customer chooses it afresh', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.ACCEPT');
    sendOrThrow(actor, { type: 'CUSTOMER.REJECT', by: people.customer, reason: '希望直接退款', at: T('10:00', '2026-12-02') });
    sendOrThrow(actor, { type: 'PROPOSAL.SUBMIT', by: people.agent, at: T('10:10', '2026-12-02') });
    const approveP2 = { type: 'SUPERVISOR.APPROVE', by: people.supervisor, proposalId: 'P2', supervisor: '主管张三', at: T('10:20', '2026-12-02') } as const;
    const before = actor.getSnapshot();
    expect(send(actor, approveP2)).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-PROPOSE', details: { proposalId: 'P2', rejectedByCustomer: true } }] });
    expect(actor.getSnapshot()).toBe(before);
    // The customer changes their mind and chooses it again: now it may be approved.
    sendOrThrow(actor, { type: 'CUSTOMER.CHOOSE', by: people.customer, proposalId: 'P2', at: T('10:15', '2026-12-02') });
    expect(send(actor, approveP2)).toEqual({ accepted: true, eventType: 'SUPERVISOR.APPROVE' });
  });
});

describe('CP-ACCOUNTABILITY', () => {
  const direct = happyPath.find((e) => e.type === 'ACCOUNTABILITY.RECORD' && e.target === 'direct') as Extract<ComplaintEvent, { type: 'ACCOUNTABILITY.RECORD' }>;
  const head = happyPath.find((e) => e.type === 'ACCOUNTABILITY.RECORD' && e.target === 'head') as Extract<ComplaintEvent, { type: 'ACCOUNTABILITY.RECORD' }>;
  /** The case in implementation, signed and with feedback, without any accountability record. */
  const signedWithFeedback = () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ACCOUNTABILITY.RECORD');
    sendOrThrow(actor, { type: 'FEEDBACK.RECORD', by: people.agent, text: '处理及时,满意', at: T('10:20', '2026-12-02') });
    return actor;
  };

  it('CP-ACCOUNTABILITY: the measures for the direct person and for the department head are recorded with the provision, and handed to the host', () => {
    const recordAccountability = vi.fn();
    const actor = createActor(complaintMachine.provide({ actions: { recordAccountability } }), { input: { form } }).start();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    expect(actor.getSnapshot().value).toBe('followUp');
    expect(actor.getSnapshot().context.accountability).toEqual([
      { target: 'direct', person: '技师李四', department: 'repair', measure: '通报批评,扣减当月绩效 10%', provision: '《维修质量考核办法》第五条', at: T('10:30', '2026-12-02') },
      { target: 'head', person: '维修部经理赵六', department: 'repair', measure: '书面检查,部门季度考核扣 2 分', provision: '《维修质量考核办法》第九条', at: T('10:35', '2026-12-02') },
    ]);
    expect(actor.getSnapshot().context.accountability.map((a) => a.target)).toEqual(AccountabilityTargetSchema.options);
    expect(recordAccountability).toHaveBeenCalledTimes(2);
    expect(recordAccountability).toHaveBeenLastCalledWith(expect.anything(), {
      caseId: form.caseId, target: 'head', person: '维修部经理赵六', department: 'repair', measure: '书面检查,部门季度考核扣 2 分', provision: '《维修质量考核办法》第九条',
    });
  });

  it.each(['无', ' 无 ', '-', '—', 'n/a', 'N/A', 'ｎ／ａ', '   ', '', '暂无', '待定', 'none', 'TBD', '……'])(
    'CP-ACCOUNTABILITY: the placeholder measure %j is refused naming the field; the case is unchanged',
    (measure) => {
      const actor = signedWithFeedback();
      const before = actor.getSnapshot();
      const outcome = send(actor, { ...direct, measure });
      expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-ACCOUNTABILITY', details: { fields: ['measure'], target: 'direct' } }] });
      if (!outcome.accepted) expect(outcome.message.en).toContain('empty or a placeholder');
      expect(actor.getSnapshot()).toBe(before);
    },
  );

  it('CP-ACCOUNTABILITY: a measure without the provision applied, one for an unknown department, or a direct measure for someone other than the responsible person is refused, each field named', () => {
    const actor = signedWithFeedback();
    expect(send(actor, { ...direct, provision: '无' })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-ACCOUNTABILITY', details: { fields: ['provision'] } }] });
    expect(send(actor, { ...direct, person: '技师王五', department: 'marketing' })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-ACCOUNTABILITY', details: { fields: ['department', 'person'] } }],
    });
    expect(actor.getSnapshot().context.accountability).toEqual([]);
    // The department head is another person: any name is taken for `head`.
    expect(send(actor, head)).toEqual({ accepted: true, eventType: 'ACCOUNTABILITY.RECORD' });
  });

  it('CP-ACCOUNTABILITY: leaving implementation with only the direct person\'s measure is refused, naming the department head; with both it completes', () => {
    const actor = signedWithFeedback();
    sendOrThrow(actor, direct);
    const complete = { type: 'IMPLEMENTATION.COMPLETE', by: people.agent, at: T('11:30', '2026-12-02') } as const;
    const outcome = send(actor, complete);
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-ACCOUNTABILITY', details: { missing: ['accountability.head'] } }] });
    expect(outcome.accepted || outcome.violations).toHaveLength(1);
    expect(actor.getSnapshot().value).toBe('implement');
    sendOrThrow(actor, head);
    sendOrThrow(actor, complete);
    expect(actor.getSnapshot().value).toBe('followUp');
  });

  it('CP-ACCOUNTABILITY: a stored case past implementation without the department head\'s measure is refused on restore, naming the field', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    const persisted = actor.getPersistedSnapshot() as unknown as { context: { accountability: unknown[] } };
    const tampered = { ...persisted, context: { ...persisted.context, accountability: persisted.context.accountability.slice(0, 1) } };
    expect(invariantFailures('complaint', { status: 'active', value: 'followUp', context: tampered.context })).toEqual([
      { name: 'complaint.accountability', issues: [{ path: 'snapshot.context.accountability', message: expect.stringContaining('[CP-ACCOUNTABILITY] ') }] },
    ]);
    expect(invariantFailures('complaint', { status: 'active', value: 'followUp', context: persisted.context })).toEqual([]);
  });
});

describe('CP-FOLLOWUP', () => {
  it('CP-FOLLOWUP: review is refused until a follow-up visit is recorded', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    expect(send(actor, { type: 'FOLLOWUP.COMPLETE', by: people.agent, at: T('10:00', '2026-12-03') })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-FOLLOWUP' }] });
  });

  it('CP-FOLLOWUP: a visit dated before the handling is refused; one after it opens the review', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    // Implementation completed at 11:30; 11:27 lies within the policy's clock tolerance, so the rule speaks.
    const early = send(actor, { type: 'FOLLOWUP.RECORD', by: people.agent, method: 'phone', satisfaction: 'satisfied', agent: '小周', at: T('11:27', '2026-12-02') });
    expect(early).toMatchObject({ accepted: false, violations: [{ rule: 'CP-FOLLOWUP' }] });
    // Further back than the tolerance, the time itself is refused before any rule runs.
    const backwards = send(actor, { type: 'FOLLOWUP.RECORD', by: people.agent, method: 'phone', satisfaction: 'satisfied', agent: '小周', at: T('09:00', '2026-12-02') });
    expect(backwards).toMatchObject({ accepted: false, reason: 'invalid-event', issues: [{ path: 'at' }] });
    advanceUntil(actor, 'REVIEW.FILE', 'FOLLOWUP.RECORD');
    expect(actor.getSnapshot().value).toBe('review');
  });
});

describe('CP-FOLLOWUP: the follow-up is a return visit (RV-QUIET, RV-3DAY)', () => {
  const call = (at: string, method: 'phone' | 'sms' | 'visit' = 'phone') =>
    ({ type: 'FOLLOWUP.RECORD', by: people.agent, method, satisfaction: 'satisfied', agent: '客服小周', at }) as const;

  it("RV-QUIET: a follow-up call in the customer's rest time is refused with the next allowed time; the case is unchanged; one after it is taken (Asia/Shanghai)", () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    const before = actor.getSnapshot();
    const late = send(actor, call(T('21:30', '2026-12-03')));
    expect(late).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'RV-QUIET', details: { timeZone: 'Asia/Shanghai', nextAllowedAt: '2026-12-04T01:00:00.000Z' } }],
    });
    if (!late.accepted) expect(late.message.en).toContain('next allowed time 2026-12-04T01:00:00.000Z');
    expect(actor.getSnapshot()).toBe(before);
    // The lunch rest (12:00–14:00) too, by SMS.
    expect(send(actor, call(T('12:30', '2026-12-04'), 'sms'))).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET', details: { nextAllowedAt: '2026-12-04T06:00:00.000Z' } }] });
    expect(send(actor, call(T('09:00', '2026-12-04')))).toEqual({ accepted: true, eventType: 'FOLLOWUP.RECORD' });
  });

  it("RV-QUIET: the rest time is read in the customer's own zone when the form gives one (Asia/Tokyo)", () => {
    const actor = startComplaint({ input: { form: { ...form, timeZone: 'Asia/Tokyo' } } });
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    // 08:30 in Shanghai is 09:30 in Tokyo: the customer is up.
    expect(send(actor, call(T('08:30', '2026-12-04')))).toEqual({ accepted: true, eventType: 'FOLLOWUP.RECORD' });
    // 20:30 in Shanghai is 21:30 in Tokyo: rest time there, until 09:00 Tokyo (00:00Z).
    expect(send(actor, call(T('20:30', '2026-12-04')))).toMatchObject({ accepted: false, violations: [{ rule: 'RV-QUIET', details: { timeZone: 'Asia/Tokyo', nextAllowedAt: '2026-12-05T00:00:00.000Z' } }] });
  });

  it('RV-QUIET: a visit in person, arranged with the customer, is not held to the rest time', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    expect(send(actor, call(T('21:30', '2026-12-03'), 'visit'))).toEqual({ accepted: true, eventType: 'FOLLOWUP.RECORD' });
  });

  it('RV-3DAY: a follow-up within three days of the handling is not flagged; one made after the due time is taken and flagged late with its due time', () => {
    const onTime = startComplaint();
    advanceUntil(onTime, 'FOLLOWUP.RECORD');
    sendOrThrow(onTime, call(T('11:00', '2026-12-05')));
    expect(onTime.getSnapshot().context.followUp?.overdue).toBeUndefined();

    const late = startComplaint();
    advanceUntil(late, 'FOLLOWUP.RECORD');
    // Handled Wed 12-02 11:30: due Sat 12-05 11:30 (three calendar days).
    expect(late.getSnapshot().context.deadlines.followUp).toBe('2026-12-05T03:30:00.000Z');
    sendOrThrow(late, call(T('14:00', '2026-12-05')));
    expect(late.getSnapshot().context.followUp).toMatchObject({ satisfaction: 'satisfied', overdue: { rule: 'RV-3DAY', dueAt: '2026-12-05T03:30:00.000Z' } });
    sendOrThrow(late, { type: 'FOLLOWUP.COMPLETE', by: people.agent, at: T('14:05', '2026-12-05') });
    expect(late.getSnapshot().value).toBe('review');
  });
});

describe('CP-FOLLOWUP: winning back a customer still not satisfied (挽回不满意顾客)', () => {
  const visit = (satisfaction: 'satisfied' | 'average' | 'dissatisfied') =>
    ({ type: 'FOLLOWUP.RECORD', by: people.agent, method: 'phone', satisfaction, agent: '客服小周', at: T('10:00', '2026-12-04') }) as const;

  it('CP-FOLLOWUP: a dissatisfied follow-up sends the case back to proposal, with the reason kept', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    sendOrThrow(actor, visit('dissatisfied'));
    sendOrThrow(actor, { type: 'COMPLAINT.REOPEN', by: people.agent, reason: '异响仍在', at: T('10:10', '2026-12-04') });
    const snap = actor.getSnapshot();
    expect(snap.value).toEqual({ propose: 'drafting' });
    expect(snap.context.reopenings).toBe(1);
    expect(snap.context.rejections.at(-1)).toEqual({ by: 'customer', proposalId: 'P2', reason: '异响仍在', at: T('10:10', '2026-12-04') });
    expect(snap.context.followUp).toBeUndefined();
    expect(snap.context.signature).toBeUndefined();
  });

  it('CP-FOLLOWUP: a case whose follow-up found the customer satisfied is not reopened', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    expect(send(actor, { type: 'COMPLAINT.REOPEN', by: people.agent, reason: '想再看看', at: T('10:10', '2026-12-04') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-FOLLOWUP', details: { satisfaction: null } }],
    });
    sendOrThrow(actor, visit('satisfied'));
    expect(send(actor, { type: 'COMPLAINT.REOPEN', by: people.agent, reason: '想再看看', at: T('10:10', '2026-12-04') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-FOLLOWUP', details: { satisfaction: 'satisfied' } }],
    });
    expect(actor.getSnapshot().value).toBe('followUp');
  });
});

describe('CP-REVIEW', () => {
  it('CP-REVIEW: a review without improvement measures is refused; with them the case closes and statistics are filed', () => {
    const fileStatistics = vi.fn();
    const actor = createActor(complaintMachine.provide({ actions: { fileStatistics } }), { input: { form } }).start();
    advanceUntil(actor, 'REVIEW.FILE');
    const review = happyPath[happyPath.length - 1]!;
    expect(send(actor, { ...review, measures: [] } as never)).toMatchObject({ accepted: false, violations: [{ rule: 'CP-REVIEW', details: { missing: ['measures'] } }] });
    expect(fileStatistics).not.toHaveBeenCalled();
    sendOrThrow(actor, review);
    expect(actor.getSnapshot().value).toBe('closed');
    expect(fileStatistics).toHaveBeenCalledWith(expect.anything(), { caseId: form.caseId, category: '维修质量', measures: ['保养后增加滤清器复检'] });
  });

  it('CP-REVIEW: a placeholder category, analysis or measure (无, -, 待定) is refused naming the fields; real content closes the case', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'REVIEW.FILE');
    const review = happyPath[happyPath.length - 1]! as Extract<ComplaintEvent, { type: 'REVIEW.FILE' }>;
    const before = actor.getSnapshot();
    expect(send(actor, { ...review, analysis: ' - ', measures: ['保养后增加滤清器复检', '无'] })).toMatchObject({
      accepted: false,
      reason: 'rule',
      violations: [{ rule: 'CP-REVIEW', details: { placeholders: ['analysis', 'measures.1'] } }],
    });
    expect(send(actor, { ...review, category: '待定' })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-REVIEW', details: { placeholders: ['category'] } }] });
    expect(actor.getSnapshot()).toBe(before);
    expect(send(actor, review)).toEqual({ accepted: true, eventType: 'REVIEW.FILE' });
    expect(actor.getSnapshot().value).toBe('closed');
  });
});

describe('CP-LANGUAGE', () => {
  it('CP-LANGUAGE: a polite reply is sent to the customer through the provided action', () => {
    const notifyCustomer = vi.fn();
    const actor = createActor(complaintMachine.provide({ actions: { notifyCustomer } }), { input: { form } }).start();
    sendOrThrow(actor, { type: 'REPLY.SEND', by: people.agent, text: '您好,我们已收到您的投诉。', at: T('09:31') });
    expect(notifyCustomer).toHaveBeenCalledWith(expect.anything(), { caseId: form.caseId, kind: 'reply', text: '您好,我们已收到您的投诉。' });
    expect(actor.getSnapshot().context.replies).toHaveLength(1);
  });

  it('CP-LANGUAGE: a reply containing 不知道 is refused and the phrase and its position are named', () => {
    const actor = startComplaint();
    const outcome = send(actor, { type: 'REPLY.SEND', by: people.agent, text: '这个我不知道', at: T('09:31') });
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不知道', index: 3 }] } }] });
    expect(actor.getSnapshot().context.replies).toHaveLength(0);
  });

  it.each([
    ['我保证明天一定修好', [{ phrase: '我保证', index: 0, category: 'rashPromise' }, { phrase: '一定修好', index: 5, category: 'rashPromise' }]],
    ['这个我不知道', [{ phrase: '不知道', index: 3, category: 'refusal' }]],
    ['这是厂家的问题,您找别人吧', [{ phrase: '这是厂家的问题', index: 0, category: 'blameShifting' }, { phrase: '您找别人', index: 8, category: 'blameShifting' }]],
    ['您是不是记错了?', [{ phrase: '您是不是记错了', index: 0, category: 'doubtingCustomer' }]],
  ])('CP-LANGUAGE: %j is refused, naming each phrase and its category', (text, phrases) => {
    const actor = startComplaint();
    const outcome = send(actor, { type: 'REPLY.SEND', by: people.agent, text, at: T('09:31') });
    expect(outcome).toMatchObject({ accepted: false, reason: 'rule', violations: [{ rule: 'CP-LANGUAGE', details: { phrases } }] });
    expect(outcome.accepted || outcome.violations[0]!.details).toEqual({ phrases });
    expect(actor.getSnapshot().context.replies).toHaveLength(0);
  });

  it('CP-LANGUAGE: the message names the category in zh and en', () => {
    const outcome = send(startComplaint(), { type: 'REPLY.SEND', by: people.agent, text: '我保证明天一定修好', at: T('09:31') });
    expect(outcome.accepted).toBe(false);
    if (outcome.accepted) return;
    expect(outcome.message.zh).toContain('“我保证”(轻易承诺)');
    expect(outcome.message.en).toContain('"一定修好" at 5 (rash promise)');
  });

  it('CP-LANGUAGE: a polite question that merely contains 不知道 is not a refusal (不知道您对这次处理是否满意?)', () => {
    const actor = startComplaint();
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '不知道您对这次处理是否满意?', at: T('09:31') })).toEqual({ accepted: true, eventType: 'REPLY.SEND' });
    // The exception covers only its own words: a refusal elsewhere in the text is still found.
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '不知道您是否满意,反正我不知道怎么修', at: T('09:32') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '不知道', index: 12, category: 'refusal' }] } }],
    });
  });

  it('CP-LANGUAGE: the categories are policy data; a phrase listed in two categories is refused by definePolicy, naming the field', () => {
    const policy = definePolicy({ language: { rashPromises: ['包修好'], politeExceptions: [] } });
    const actor = startComplaint({ input: { form, policy } });
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '我保证下周包修好', at: T('09:31') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CP-LANGUAGE', details: { phrases: [{ phrase: '包修好', index: 5, category: 'rashPromise' }] } }],
    });
    // Without the polite exceptions, 不知道您 is a refusal again.
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '不知道您是否满意', at: T('09:32') })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
    let error: unknown;
    try {
      definePolicy({ language: { blameShifting: ['不行'] } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as { fields: string[] }).fields).toEqual(['language.blameShifting.0']);
  });

  it('CP-LANGUAGE: the policy can add phrases', () => {
    const policy = definePolicy({ language: { forbiddenPhrases: ['不行', '找别人'] } });
    const actor = startComplaint({ input: { form, policy } });
    expect(send(actor, { type: 'REPLY.SEND', by: people.agent, text: '请找别人', at: T('09:31') })).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
  });
});

describe('CP-TIMELINE', () => {
  it('CP-TIMELINE: the apology and promised time are recorded when the complaint is not solved on the spot', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'INVESTIGATION.RECORD');
    expect(actor.getSnapshot().context.promise).toEqual({ apology: '非常抱歉给您带来不便,我们会尽快调查。', promisedBy: T('17:00', '2026-12-03'), at: T('10:30') });
    // received Tue 09:30 + 3 working days (09–12, 14–18) = Fri 09:30
    expect(actor.getSnapshot().context.deadlines.result).toBe('2026-12-04T01:30:00.000Z');
  });

  it('CP-TIMELINE: a promise later than the result deadline is refused', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ASSESS.VALID');
    const outcome = send(actor, { ...happyPath[1]!, promisedBy: T('17:00', '2026-12-10') } as never);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-TIMELINE', details: { resultDue: '2026-12-04T01:30:00.000Z' } }] });
  });

  it('CP-TIMELINE: an apology with a forbidden phrase is refused (CP-LANGUAGE)', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'ASSESS.VALID');
    const outcome = send(actor, { ...happyPath[1]!, apology: '抱歉,现在不行' } as never);
    expect(outcome).toMatchObject({ accepted: false, violations: [{ rule: 'CP-LANGUAGE' }] });
  });

  it('CP-TIMELINE: a missed acknowledgement deadline escalates to the supervisor, not before (SimulatedClock)', () => {
    const clock = new SimulatedClock();
    const notifySupervisor = vi.fn();
    const actor = createActor(complaintMachine.provide({ actions: { notifySupervisor } }), {
      input: { form: { caseId: 'C-9', receivedAt: T('11:30') }, at: T('11:30') },
      clock,
    }).start();
    const missed = vi.fn();
    actor.on('complaint.deadlineMissed', missed);
    // 11:30 + 1 working hour with the 12:00–14:00 lunch break = 14:30, i.e. 3 h of clock time.
    expect(actor.getSnapshot().context.deadlines.register).toBe('2026-12-01T06:30:00.000Z');
    clock.increment(3 * 3600_000 - 1);
    expect(actor.getSnapshot().context.escalations).toEqual([]);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ step: 'register', dueAt: '2026-12-01T06:30:00.000Z' }]);
    expect(missed).toHaveBeenCalledWith(expect.objectContaining({ step: 'register', caseId: 'C-9' }));
    expect(notifySupervisor).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ reason: 'deadline-missed', step: 'register' }));
    expect(actor.getSnapshot().value).toBe('register');
  });

  it('CP-TIMELINE: a follow-up not made within three days escalates', () => {
    const clock = new SimulatedClock();
    const actor = createActor(complaintMachine, { input: { form }, clock }).start();
    advanceUntil(actor, 'FOLLOWUP.RECORD');
    const { deadlines, now } = actor.getSnapshot().context;
    expect(now).toBe(T('11:30', '2026-12-02'));
    expect(deadlines.followUp).toBe('2026-12-05T03:30:00.000Z');
    clock.increment(3 * 86_400_000 - 1);
    expect(actor.getSnapshot().context.escalations).toHaveLength(0);
    clock.increment(1);
    expect(actor.getSnapshot().context.escalations).toEqual([{ step: 'followUp', dueAt: '2026-12-05T03:30:00.000Z' }]);
  });
});

describe('CP-TIMELINE: warnings before a step is due, escalation levels after it', () => {
  const policy = definePolicy({
    complaint: {
      warnings: [
        { share: 0.5, notify: 'agent' },
        { hoursBeforeDue: 1, notify: 'supervisor' },
        { hoursAfterDue: 2, notify: 'head' },
      ],
    },
  });
  const HOUR = 3_600_000;

  it('CP-TIMELINE: the assessment (4 working hours, due 15:40) warns the agent at 11:40 and the supervisor at 14:40, escalates at 15:40 and to the head of department at 17:40 (SimulatedClock, Asia/Shanghai)', () => {
    const clock = new SimulatedClock();
    const notifyDeadline = vi.fn();
    const actor = createActor(complaintMachine.provide({ actions: { notifyDeadline } }), { input: { form, policy }, clock }).start();
    const events: string[] = [];
    actor.on('*', (e) => {
      if (e.type !== 'complaint.stepEntered') events.push(`${e.type}${'notify' in e ? `:${e.notify}` : ''}`);
    });
    sendOrThrow(actor, happyPath[0]!); // registered 09:40: the assessment's clock starts (the SimulatedClock's 0)
    expect(actor.getSnapshot().context.deadlines.assess).toBe('2026-12-01T07:40:00.000Z');
    const reached = () => (actor.getSnapshot().context.warnings ?? []).map((w) => `${w.step}:${w.notify}@${w.at}`);

    clock.increment(2 * HOUR - 1); // 11:40 - 1 ms (half of 4 working hours is 2 before 15:40: 14:00–15:40 and 11:40–12:00)
    expect(reached()).toEqual([]);
    clock.increment(1);
    expect(reached()).toEqual(['assess:agent@2026-12-01T03:40:00.000Z']);
    expect(notifyDeadline).toHaveBeenLastCalledWith(expect.anything(), { caseId: form.caseId, step: 'assess', notify: 'agent', kind: 'warning', dueAt: '2026-12-01T07:40:00.000Z' });
    clock.increment(3 * HOUR); // 14:40
    expect(reached()).toHaveLength(2);
    clock.increment(HOUR); // 15:40: the deadline itself, to the supervisor
    expect(actor.getSnapshot().context.escalations).toEqual([{ step: 'assess', dueAt: '2026-12-01T07:40:00.000Z' }]);
    clock.increment(2 * HOUR - 1);
    expect(reached()).toHaveLength(2);
    clock.increment(1); // 17:40
    expect(reached()[2]).toBe('assess:head@2026-12-01T09:40:00.000Z');
    expect(events).toEqual([
      'complaint.deadlineApproaching:agent',
      'complaint.deadlineApproaching:supervisor',
      'complaint.deadlineMissed',
      'complaint.deadlineEscalated:head',
    ]);
    // The next step starts its own thresholds; those of the assessment are not sent again.
    sendOrThrow(actor, { ...happyPath[1]!, at: T('17:45') } as never);
    expect(actor.getSnapshot().value).toBe('investigate');
    expect(reached()).toHaveLength(3);
  });

  it('CP-TIMELINE: without thresholds in the policy no warning is sent; more than three are refused, naming complaint.warnings', () => {
    const clock = new SimulatedClock();
    const actor = createActor(complaintMachine, { input: { form }, clock }).start();
    sendOrThrow(actor, happyPath[0]!);
    clock.increment(10 * HOUR);
    expect(actor.getSnapshot().context.warnings).toEqual([]);
    expect(actor.getSnapshot().context.escalations).toHaveLength(1);

    let error: unknown;
    try {
      definePolicy({ complaint: { warnings: [0.2, 0.4, 0.6, 0.8].map((share) => ({ share, notify: 'agent' as const })) } });
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as { fields: string[] }).fields).toEqual(['complaint.warnings']);
  });
});

describe('persistence', () => {
  it('a case persisted mid-flow through JSON restores and runs to closure', () => {
    const actor = startComplaint();
    advanceUntil(actor, 'CUSTOMER.NOTIFY');
    const saved = JSON.stringify(actor.getPersistedSnapshot());
    actor.stop();
    const restored = createActor(complaintMachine, { snapshot: JSON.parse(saved), input: { form } }).start();
    expect(restored.getSnapshot().value).toBe('implement');
    for (const event of happyPath.slice(happyPath.findIndex((e) => e.type === 'CUSTOMER.NOTIFY'))) sendOrThrow(restored, event);
    expect(restored.getSnapshot().status).toBe('done');
  });
});

describe('explain', () => {
  it('explains without sending: the snapshot is untouched', () => {
    const actor = startComplaint({ input: { form: { caseId: 'C-7' }, at: T('09:00') } });
    const before = actor.getSnapshot();
    const outcome = explain(before, { type: 'COMPLAINT.REGISTER', by: people.agent, at: T('09:01') } as never);
    expect(outcome.accepted).toBe(false);
    expect(actor.getSnapshot()).toBe(before);
  });
});

describe("complaint schemas built without zod's partial/omit/required/extend (the root bundle's budget)", () => {
  it("the draft form, a form update's fields and a stored escalation accept, refuse and report exactly as zod's helpers build them", () => {
    type Obj = z.ZodMiniObject;
    const optionOf = (type: string) => (ComplaintEventSchema._zod.def.options as unknown as Obj[]).find((o) => (o.shape.type as z.ZodMiniLiteral)._zod.def.values[0] === type)!;
    const context = machineSchemasFor(complaintMachine.id)!.context as unknown as Obj;
    const pairs: Array<[string, Obj, Obj]> = [
      ['ComplaintFormDraftSchema', ComplaintFormDraftSchema, z.required(z.partial(ComplaintFormSchema), { caseId: true })],
      ['FORM.UPDATE fields', optionOf('FORM.UPDATE').shape.fields as Obj, z.partial(z.omit(ComplaintFormSchema, { caseId: true }))],
      ['context.escalations[]', (context.shape.escalations as z.ZodMiniArray<Obj>)._zod.def.element, z.extend(EscalationRecordSchema, { step: z.string() })],
    ];
    for (const [name, ours, zods] of pairs) {
      expect(Object.keys(ours.shape), name).toEqual(Object.keys(zods.shape));
      expect(ours._zod.def.catchall?._zod.def.type, name).toBe(zods._zod.def.catchall?._zod.def.type);
      expect(z.toJSONSchema(ours, { unrepresentable: 'any' }), name).toEqual(z.toJSONSchema(zods, { unrepresentable: 'any' }));
      const inputs = [...inputsFor(zods, 3), form, { ...form, caseId: undefined }, { caseId: 'C-1' }, { caseId: 'C-1', extra: 1 }, { dueAt: '2026-12-01T09:00:00Z', step: 'assess', more: 1 }];
      let refused = 0;
      for (const input of inputs) {
        const theirs = parseOutcome(z.safeParse, zods, input);
        expect(parseOutcome(z.safeParse, ours, input), `${name}: ${theirs}`).toBe(theirs);
        if (!theirs.startsWith('ok')) refused++;
      }
      // both paths are reached: values each accepts, and values each refuses
      expect(refused, name).toBeGreaterThan(20);
      expect(inputs.length - refused, name).toBeGreaterThan(0);
    }
  });
});

import { and, assign, emit, setup } from 'xstate';
import { defaultPolicy } from '../../src/policy/index.js';
import { withReply } from '../../src/policy/limits.js';
import { registerMachineSchemas, ruleGuard, withEventSchema } from '../../src/rules/index.js';
import { parseInput } from '../../src/rules/bounds.js';
import { ComplaintContextSchema, complaintInvariants } from './complaint.invariants.js';
import { COMPLAINT_VERSION, complaintMigrations } from './complaint.migrations.js';
import { addCalendarDays, addWorkingDays, addWorkingHours, NO_DELAY, thresholdTimes, toEpoch, toIso, delayUntil, type ThresholdTime } from '../../src/time/index.js';
import { ComplaintEventSchema, ComplaintInputSchema, type ComplaintInput } from './complaint.schemas.js';
import * as checks from './complaint.rules.js';
import type {
  ComplaintContext,
  ComplaintEmitted,
  ComplaintEvent,
  ComplaintOutput,
  ComplaintStep,
  StepWarning,
} from './complaint.types.js';
import { withRolePermit } from '../../src/roles/permit.js';
import { complaintPermissions } from './complaint.permissions.js';
import { principalOf } from '../../src/roles/principal.js';
import { complaintWorklist } from './complaint.worklist.js';

type Of<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;
type Ctx = { context: ComplaintContext; event: ComplaintEvent };

/** Chinese names of the steps, as the documents say them. */
export const complaintStepNames: Readonly<Record<ComplaintStep, { zh: string; en: string; n?: number }>> = {
  register: { zh: '投诉受理', en: 'register', n: 1 },
  assess: { zh: '投诉判断', en: 'assess', n: 2 },
  investigate: { zh: '展开调查,分析投诉原因', en: 'investigate', n: 3 },
  propose: { zh: '提出处理方案', en: 'propose', n: 4 },
  implement: { zh: '实施处理方案', en: 'implement', n: 5 },
  followUp: { zh: '处理后回访', en: 'follow-up visit', n: 6 },
  review: { zh: '总结评价', en: 'review', n: 7 },
  notStands: { zh: '投诉不成立:婉转答复', en: 'does not stand: tactful explanation' },
};

/** Working-time and calendar arithmetic for each step's due time (CP-TIMELINE). */
function dueFor(step: ComplaintStep, context: ComplaintContext, at: string): string | undefined {
  const { calendar, complaint } = context.policy;
  switch (step) {
    case 'register':
      return addWorkingHours(calendar, context.form.receivedAt ?? at, complaint.acknowledgeWithinWorkingHours);
    case 'assess':
      return addWorkingHours(calendar, at, complaint.assessWithinWorkingHours);
    case 'investigate':
      return context.assessment?.verdict === 'valid'
        ? addWorkingDays(calendar, at, context.assessment.investigationDays)
        : undefined;
    case 'propose':
      return addWorkingHours(calendar, at, complaint.approveWithinWorkingHours);
    case 'implement': {
      const promised = context.promise?.promisedBy ?? context.deadlines.result;
      return promised === undefined ? undefined : toIso(promised);
    }
    case 'followUp':
      return addCalendarDays(at, complaint.followUpWithinDays, calendar.timeZone);
    case 'review':
      return addWorkingDays(calendar, at, complaint.reviewWithinWorkingDays);
    case 'notStands':
      return undefined;
  }
}

/** Milliseconds from the case's clock to a step's due time (0 when already past). */
const remaining = (step: ComplaintStep) => ({ context }: { context: ComplaintContext }) =>
  delayUntil(context.deadlines[step], context.now);

/**
 * Threshold `slot` of `policy.complaint.warnings` for the current step, unless it was reached
 * already in this visit of the step. Step hours are working hours, except the follow-up
 * visit's calendar days (RV-3DAY).
 */
function pendingThreshold(context: ComplaintContext, slot: number): ThresholdTime | undefined {
  const { step, stepStartedAt, policy } = context;
  const dueAt = context.deadlines[step];
  // `?.`: a case stored before warnings existed has no such list in its policy.
  const threshold = policy.complaint.warnings?.[slot];
  if (!dueAt || !stepStartedAt || !threshold) return undefined;
  if ((context.warnings ?? []).some((w) => w.step === step && w.index === slot && w.stepStartedAt === stepStartedAt)) return undefined;
  const mode = step === 'followUp' ? 'calendar' : 'business';
  return thresholdTimes({ startedAt: stepStartedAt, dueAt, mode }, [threshold], { calendar: policy.calendar })[0];
}

/** Milliseconds from the case's clock to threshold `slot` of the current step. */
const untilThreshold = (slot: number) => ({ context }: { context: ComplaintContext }) => {
  const pending = pendingThreshold(context, slot);
  return pending ? delayUntil(pending.at, context.now) : NO_DELAY;
};

/**
 * The three threshold slots (`policy.complaint.warnings` holds up to three: agent, supervisor,
 * head of department), one named delayed transition each, in every step with a deadline.
 */
const stepThresholds = {
  stepDeadlineApproaching1: thresholdTransition(0),
  stepDeadlineApproaching2: thresholdTransition(1),
  stepDeadlineApproaching3: thresholdTransition(2),
};

function thresholdTransition(slot: number) {
  return {
    guard: { type: 'isThresholdReached' as const, params: { slot } },
    actions: [
      { type: 'recordThreshold' as const, params: { slot } },
      'announceThreshold' as const,
      {
        type: 'notifyDeadline' as const,
        params: ({ context }: { context: ComplaintContext }) => {
          const w = context.warnings![context.warnings!.length - 1]!;
          return { caseId: context.form.caseId, step: w.step, notify: w.notify, kind: w.kind, dueAt: w.dueAt };
        },
      },
    ],
    description: `时限提醒 ${slot + 1}:步骤期限将至(或已过)时按级别提醒 — threshold ${slot + 1} of policy.complaint.warnings: warn before the step's due time, or escalate after it, to the agent, the supervisor or the head of department (CP-TIMELINE)`,
  };
}

/** A step's entry actions: start its clock and due time, and announce it. */
const enter = (step: ComplaintStep) => [
  { type: 'enterStep' as const, params: { step } },
  { type: 'announceStep' as const, params: { step } },
];

/** A step's due time passed: record and announce the escalation, and tell the supervisor (CP-TIMELINE). */
const escalate = (step: ComplaintStep, reason: 'deadline-missed' | 'review-due' = 'deadline-missed') => [
  'recordEscalation' as const,
  'announceDeadlineMissed' as const,
  {
    type: 'notifySupervisor' as const,
    params: ({ context }: { context: ComplaintContext }) => ({ caseId: context.form.caseId, reason, step: context.step, dueAt: context.deadlines[step] }),
  },
];

const eventAt = (event: ComplaintEvent | { type: string }, fallback: string): string =>
  'at' in event && typeof event.at === 'string' ? event.at : fallback;

/**
 * The seven-step complaint machine (顾客投诉处理流程): 受理 → 判断 → 调查 → 方案 (主管批示) →
 * 实施 → 回访 → 总结评价, with the branch for a complaint that does not stand.
 *
 * Every event carries `at` (ISO-8601, from the host's clock). Side effects are named actions
 * with no-op defaults: replace them with `.provide({ actions: { notifyCustomer, ... } })`.
 */
export const complaintMachine = withEventSchema(withRolePermit(setup({
  types: {
    context: {} as ComplaintContext,
    events: {} as ComplaintEvent,
    input: {} as ComplaintInput,
    output: {} as ComplaintOutput,
    emitted: {} as ComplaintEmitted,
  },
  guards: {
    isFormComplete: ruleGuard('CP-REGISTER', checks.checkFormComplete),
    isAssessmentValid: ruleGuard('CP-ASSESS', checks.checkValidAssessment),
    hasApologyAndPromise: ruleGuard('CP-TIMELINE', checks.checkApologyAndPromise),
    hasExplained: ruleGuard('CP-ASSESS', checks.checkExplained),
    isInvestigationRouted: ruleGuard('CP-INVESTIGATE', checks.checkInvestigation),
    isProposalValid: ruleGuard('CP-PROPOSE', checks.checkProposal),
    hasProposals: ruleGuard('CP-PROPOSE', checks.checkHasProposals),
    isApprovedProposal: ruleGuard('CP-PROPOSE', checks.checkApproval),
    isProposalReviewValid: ruleGuard('CP-PROPOSE', checks.checkProposalReview),
    isCustomerChoiceAccepted: ruleGuard('CP-PROPOSE', checks.checkCustomerChoice),
    wasCustomerNotified: ruleGuard('CP-SIGNOFF', checks.checkNotified),
    isSignedOff: ruleGuard('CP-SIGNOFF', checks.checkSignedOff),
    isCustomersOwnSignature: ruleGuard('CP-SIGNOFF', checks.checkCustomersOwnSignature),
    isAccountabilityMeasured: ruleGuard('CP-ACCOUNTABILITY', checks.checkAccountabilityMeasure),
    isAccountabilityRecorded: ruleGuard('CP-ACCOUNTABILITY', checks.checkAccountabilityRecorded),
    isFollowUpAfterHandling: ruleGuard('CP-FOLLOWUP', checks.checkFollowUpAfterHandling),
    isOutsideRestTime: ruleGuard('RV-QUIET', checks.checkFollowUpRestTime),
    hasFollowedUp: ruleGuard('CP-FOLLOWUP', checks.checkFollowedUp),
    wasCustomerNotSatisfied: ruleGuard('CP-FOLLOWUP', checks.checkNotSatisfied),
    isReviewComplete: ruleGuard('CP-REVIEW', checks.checkReview),
    isTextPolite: ruleGuard('CP-LANGUAGE', checks.checkPoliteText, { checks: 'event' }),
    /** Not a rule: threshold `slot` of the policy's warnings is reached in this step. */
    isThresholdReached: ({ context }, params: { slot: number }) => pendingThreshold(context, params.slot) !== undefined,
  },
  delays: {
    acknowledgeDeadline: remaining('register'),
    assessDeadline: remaining('assess'),
    investigationDeadline: remaining('investigate'),
    approvalDeadline: remaining('propose'),
    resultDeadline: remaining('implement'),
    followUpDeadline: remaining('followUp'),
    reviewDeadline: remaining('review'),
    stepDeadlineApproaching1: untilThreshold(0),
    stepDeadlineApproaching2: untilThreshold(1),
    stepDeadlineApproaching3: untilThreshold(2),
  },
  actions: {
    // Host side effects: no-ops until the host provides them.
    notifyCustomer: (_: unknown, _params: { caseId: string; kind: 'reply' | 'explanation' | 'remedy' | 'apology'; text: string }) => {},
    notifySupervisor: (_: unknown, _params: { caseId: string; reason: 'deadline-missed' | 'approval-requested' | 'review-due'; step: ComplaintStep; dueAt?: string }) => {},
    /** A threshold of `policy.complaint.warnings` is reached: tell the agent, the supervisor or the head of department. */
    notifyDeadline: (_: unknown, _params: { caseId: string; step: ComplaintStep; notify: StepWarning['notify']; kind: StepWarning['kind']; dueAt: string }) => {},
    recordThreshold: assign(({ context }, params: { slot: number }) => {
      const t = pendingThreshold(context, params.slot)!;
      const warning: StepWarning = {
        step: context.step,
        index: params.slot,
        stepStartedAt: context.stepStartedAt!,
        at: t.at,
        dueAt: context.deadlines[context.step]!,
        notify: t.notify,
        kind: t.kind,
      };
      return { warnings: [...(context.warnings ?? []), warning], now: toEpoch(t.at) > toEpoch(context.now) ? t.at : context.now };
    }),
    announceThreshold: emit(({ context }: Ctx) => {
      const w = context.warnings![context.warnings!.length - 1]!;
      const type = w.kind === 'warning' ? ('complaint.deadlineApproaching' as const) : ('complaint.deadlineEscalated' as const);
      return { type, caseId: context.form.caseId, step: w.step, notify: w.notify, dueAt: w.dueAt, at: w.at };
    }),
    /** A measure against the direct responsible person or the department head was recorded (CP-ACCOUNTABILITY): hand it to HR. */
    recordAccountability: (_: unknown, _params: { caseId: string; target: 'direct' | 'head'; person: string; department: string; measure: string; provision: string }) => {},
    fileStatistics: (_: unknown, _params: { caseId: string; category: string; measures: readonly string[] }) => {},

    enterStep: assign(({ context, event }, params: { step: ComplaintStep }) => {
      const at = eventAt(event, context.now);
      const next = { ...context, step: params.step, now: at };
      const due = dueFor(params.step, next, at);
      return { step: params.step, now: at, stepStartedAt: at, deadlines: due ? { ...context.deadlines, [params.step]: due } : context.deadlines };
    }),
    announceStep: emit(({ context }: Ctx, params: { step: ComplaintStep }) => ({
      type: 'complaint.stepEntered' as const,
      caseId: context.form.caseId,
      step: params.step,
      zh: complaintStepNames[params.step].zh,
      at: context.now,
      ...(context.deadlines[params.step] ? { dueAt: context.deadlines[params.step] } : {}),
    })),
    recordEscalation: assign(({ context }) => {
      const dueAt = context.deadlines[context.step] ?? context.now;
      const now = toEpoch(dueAt) > toEpoch(context.now) ? dueAt : context.now;
      return { now, escalations: [...context.escalations, { step: context.step, dueAt }] };
    }),
    announceDeadlineMissed: emit(({ context }: Ctx) => ({
      type: 'complaint.deadlineMissed' as const,
      caseId: context.form.caseId,
      step: context.step,
      dueAt: context.deadlines[context.step] ?? context.now,
    })),
    updateForm: assign(({ context, event }) => {
      const e = event as Of<'FORM.UPDATE'>;
      return { form: { ...context.form, ...e.fields }, now: e.at };
    }),
    recordRegistration: assign(({ context, event }) => {
      const at = (event as Of<'COMPLAINT.REGISTER'>).at;
      const receivedAt = context.form.receivedAt ?? at;
      const by = principalOf(event);
      return {
        registeredAt: at,
        ...(by ? { registeredBy: by } : {}),
        deadlines: {
          ...context.deadlines,
          result: addWorkingDays(context.policy.calendar, receivedAt, context.policy.complaint.resultWithinWorkingDays),
        },
      };
    }),
    recordValidAssessment: assign(({ event }) => {
      const e = event as Of<'ASSESS.VALID'>;
      return {
        assessment: { verdict: 'valid' as const, department: e.department, investigationDays: e.investigationDays, at: e.at },
        promise: { apology: e.apology, promisedBy: e.promisedBy, at: e.at },
      };
    }),
    recordInvalidAssessment: assign(({ event }) => {
      const e = event as Of<'ASSESS.INVALID'>;
      return { assessment: { verdict: 'invalid' as const, reason: e.reason, at: e.at } };
    }),
    recordExplanation: assign(({ event }) => {
      const e = event as Of<'EXPLANATION.GIVE'>;
      return { explanation: { text: e.text, at: e.at }, now: e.at };
    }),
    recordDispute: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.DISPUTE'>;
      return { disputes: [...context.disputes, { reason: e.reason, at: e.at }], explanation: undefined };
    }),
    recordInvestigation: assign(({ event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'INVESTIGATION.RECORD'>;
      return { investigation: rest };
    }),
    addProposal: assign(({ context, event }) => {
      const e = event as Of<'PROPOSAL.ADD'>;
      const author = principalOf(e);
      const proposal = { id: e.proposalId, description: e.description, department: e.department, at: e.at, ...(author ? { author: { id: author.id, role: author.role } } : {}) };
      return { proposals: [...context.proposals, proposal], now: e.at };
    }),
    recordVerdict: assign(({ context, event }) => {
      const e = event as Of<'PROPOSAL.REVIEW'>;
      const by = principalOf(e);
      const verdict = { decision: e.verdict, ...(e.reason !== undefined ? { reason: e.reason } : {}), ...(by ? { by: { id: by.id, role: by.role } } : {}), at: e.at };
      const rejected = e.verdict === 'reject' && context.customerChoice?.proposalId === e.proposalId;
      return {
        proposals: context.proposals.map((p) => (p.id === e.proposalId ? { ...p, verdict } : p)),
        // A choice of a proposal the supervisor now rejects no longer stands.
        ...(rejected ? { customerChoice: undefined } : {}),
        now: e.at,
      };
    }),
    recordCustomerChoice: assign(({ event }) => {
      const e = event as Of<'CUSTOMER.CHOOSE'>;
      const by = principalOf(e);
      return { customerChoice: { proposalId: e.proposalId, ...(by ? { by: { id: by.id, role: by.role } } : {}), at: e.at }, now: e.at };
    }),
    recordApproval: assign(({ event }) => {
      const e = event as Of<'SUPERVISOR.APPROVE'>;
      const by = principalOf(e);
      return { approval: { proposalId: e.proposalId, supervisor: e.supervisor, ...(e.note ? { note: e.note } : {}), ...(by ? { by: { id: by.id, role: by.role } } : {}), at: e.at } };
    }),
    recordSendBack: assign(({ context, event }) => {
      const e = event as Of<'SUPERVISOR.SEND_BACK'>;
      return { rejections: [...context.rejections, { by: 'supervisor' as const, reason: e.reason, at: e.at }], customerChoice: undefined };
    }),
    recordNotification: assign(({ event }) => ({ notifiedAt: (event as Of<'CUSTOMER.NOTIFY'>).at, now: (event as Of<'CUSTOMER.NOTIFY'>).at })),
    recordSignature: assign(({ event }) => {
      const e = event as Of<'CUSTOMER.ACCEPT'>;
      const by = principalOf(e);
      const signature = { signedBy: e.signedBy, ...(by ? { by: { id: by.id, role: by.role } } : {}), ...(e.evidence ? { evidence: { kind: e.evidence.kind, ref: e.evidence.ref } } : {}), at: e.at };
      return { signature, now: e.at };
    }),
    recordCustomerRejection: assign(({ context, event }) => {
      const e = event as Of<'CUSTOMER.REJECT'>;
      return {
        rejections: [...context.rejections, { by: 'customer' as const, proposalId: context.approval?.proposalId, reason: e.reason, at: e.at }],
        approval: undefined,
        customerChoice: undefined,
        notifiedAt: undefined,
        signature: undefined,
      };
    }),
    addAccountability: assign(({ context, event }) => {
      const e = event as Of<'ACCOUNTABILITY.RECORD'>;
      const record = { target: e.target, person: e.person, department: e.department, measure: e.measure.trim(), provision: e.provision.trim(), at: e.at };
      return { accountability: [...context.accountability, record], now: e.at };
    }),
    addFeedback: assign(({ context, event }) => {
      const e = event as Of<'FEEDBACK.RECORD'>;
      return { feedback: [...context.feedback, { text: e.text, at: e.at }], now: e.at };
    }),
    recordImplementation: assign(({ event }) => ({ implementedAt: (event as Of<'IMPLEMENTATION.COMPLETE'>).at })),
    recordFollowUp: assign(({ context, event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'FOLLOWUP.RECORD'>;
      // Past the three days (RV-3DAY) the visit is still made, and flagged as late with its due time.
      const dueAt = context.deadlines.followUp;
      const late = dueAt !== undefined && toEpoch(rest.at) > toEpoch(dueAt);
      return { followUp: { ...rest, ...(late ? { overdue: { rule: 'RV-3DAY' as const, dueAt } } : {}) }, now: rest.at };
    }),
    recordReopening: assign(({ context, event }) => {
      const e = event as Of<'COMPLAINT.REOPEN'>;
      return {
        rejections: [...context.rejections, { by: 'customer' as const, proposalId: context.approval?.proposalId, reason: e.reason, at: e.at }],
        reopenings: context.reopenings + 1,
        approval: undefined,
        customerChoice: undefined,
        notifiedAt: undefined,
        signature: undefined,
        implementedAt: undefined,
        followUp: undefined,
        now: e.at,
      };
    }),
    recordReview: assign(({ event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'REVIEW.FILE'>;
      return { review: rest, closedAt: rest.at, now: rest.at };
    }),
    recordClosure: assign(({ event }) => ({ closedAt: (event as Of<'CUSTOMER.ACKNOWLEDGE'>).at })),
    addReply: assign(({ context, event }) => {
      const e = event as Of<'REPLY.SEND'>;
      return { ...withReply(context, e), now: e.at };
    }),
    announceClosed: emit(({ context }: Ctx) => ({
      type: 'complaint.closed' as const,
      caseId: context.form.caseId,
      outcome: context.assessment?.verdict === 'invalid' ? ('not-stands' as const) : ('resolved' as const),
      at: context.closedAt ?? context.now,
    })),
  },
}).createMachine({
  id: 'complaint',
  description: '顾客投诉处理流程:有投诉即时受理,迅速有结果,处理后有回访 — the seven-step closed loop of complaint handling.',
  context: ({ input }) => {
    const parsed = parseInput(ComplaintInputSchema, input, 'complaint input');
    const now = parsed.at ?? parsed.form.receivedAt;
    return {
      policy: parsed.policy ?? defaultPolicy,
      form: parsed.form,
      step: 'register' as const,
      now: now!,
      deadlines: {},
      escalations: [],
      warnings: [],
      disputes: [],
      proposals: [],
      rejections: [],
      reopenings: 0,
      accountability: [],
      feedback: [],
      replies: [],
      replyCount: 0,
    };
  },
  output: ({ context }) => ({
    caseId: context.form.caseId,
    outcome: context.assessment?.verdict === 'invalid' ? 'not-stands' : 'resolved',
    closedAt: context.closedAt ?? context.now,
  }),
  initial: 'register',
  on: {
    'REPLY.SEND': {
      guard: 'isTextPolite',
      actions: ['addReply', { type: 'notifyCustomer', params: ({ context, event }) => ({ caseId: context.form.caseId, kind: 'reply' as const, text: (event as Of<'REPLY.SEND'>).text }) }],
      description: '答复顾客 — a reply to the customer, checked for forbidden phrases (CP-LANGUAGE)',
    },
  },
  states: {
    register: {
      description: '1 投诉受理:初步填写《顾客投诉登记表》(投诉人、投诉时间、投诉内容等) — register the complaint on the form (CP-REGISTER)',
      meta: { step: 1, zh: '投诉受理', rules: ['CP-REGISTER', 'CP-TIMELINE'] },
      entry: enter('register'),
      after: {
        acknowledgeDeadline: {
          actions: escalate('register'),
          description: '即时受理逾期,上报主管 — not registered within the acknowledgement time: escalate (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      on: {
        'FORM.UPDATE': { actions: 'updateForm', description: '填写登记表 — fill in fields of the form' },
        'COMPLAINT.REGISTER': {
          guard: 'isFormComplete',
          target: 'assess',
          actions: 'recordRegistration',
          description: '登记表填写完整,受理 — the form is complete: register (CP-REGISTER)',
        },
      },
    },
    assess: {
      description: '2 投诉判断:判定理由是否充分、要求是否合理 — decide whether the complaint stands (CP-ASSESS)',
      meta: { step: 2, zh: '投诉判断', rules: ['CP-ASSESS', 'CP-TIMELINE'] },
      entry: enter('assess'),
      after: {
        assessDeadline: {
          actions: escalate('assess'),
          description: '判断逾期,上报主管 — assessment overdue: escalate (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      on: {
        'ASSESS.VALID': {
          guard: and(['isAssessmentValid', 'hasApologyAndPromise']),
          target: 'investigate',
          actions: [
            'recordValidAssessment',
            { type: 'notifyCustomer', params: ({ context, event }) => ({ caseId: context.form.caseId, kind: 'apology' as const, text: (event as Of<'ASSESS.VALID'>).apology }) },
          ],
          description: '投诉成立:确定责任部门,请顾客给予调查时间,道歉并承诺处理时间 — it stands: responsible department, agreed investigation period, apology and promised time (CP-ASSESS, CP-TIMELINE)',
        },
        'ASSESS.INVALID': {
          target: 'notStands',
          actions: 'recordInvalidAssessment',
          description: '投诉不成立 — it does not stand (CP-ASSESS)',
          meta: { rule: 'CP-ASSESS' },
        },
      },
    },
    notStands: {
      description: '投诉不成立:以婉转的方式答复客户,取得客户的谅解,消除误会 — explain tactfully and obtain the customer\'s understanding (CP-ASSESS)',
      meta: { zh: '婉转答复', rules: ['CP-ASSESS', 'CP-LANGUAGE'] },
      entry: enter('notStands'),
      initial: 'explaining',
      states: {
        explaining: {
          description: '婉转答复 — give the tactful explanation',
          on: {
            'EXPLANATION.GIVE': {
              guard: 'isTextPolite',
              target: 'awaitingAcknowledgement',
              actions: ['recordExplanation', { type: 'notifyCustomer', params: ({ context, event }) => ({ caseId: context.form.caseId, kind: 'explanation' as const, text: (event as Of<'EXPLANATION.GIVE'>).text }) }],
              description: '答复顾客(不得使用禁用语) — explain, without forbidden phrases (CP-LANGUAGE)',
              meta: { rule: 'CP-ASSESS' },
            },
          },
        },
        awaitingAcknowledgement: {
          description: '等待顾客谅解 — wait for the customer to acknowledge',
          on: {
            'CUSTOMER.DISPUTE': {
              target: '#complaint.assess',
              actions: 'recordDispute',
              description: '顾客不接受解释,重新判断 — the customer disputes: assess again',
              meta: { rule: 'CP-ASSESS' },
            },
          },
        },
      },
      on: {
        'CUSTOMER.ACKNOWLEDGE': {
          guard: 'hasExplained',
          target: 'closedNotStands',
          actions: 'recordClosure',
          description: '顾客谅解,结案 — the customer acknowledges: close (CP-ASSESS)',
        },
      },
    },
    closedNotStands: {
      type: 'final',
      description: '结案(投诉不成立) — closed: the complaint did not stand',
      meta: { zh: '结案' },
      entry: 'announceClosed',
    },
    investigate: {
      description: '3 展开调查,分析投诉原因:查明具体原因和责任人 — find the specific cause and the responsible person (CP-INVESTIGATE)',
      meta: { step: 3, zh: '展开调查', rules: ['CP-INVESTIGATE', 'CP-TIMELINE'] },
      entry: enter('investigate'),
      after: {
        investigationDeadline: {
          actions: escalate('investigate'),
          description: '调查超过约定期限,上报主管 — the agreed investigation period passed: escalate (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      on: {
        'INVESTIGATION.RECORD': {
          guard: 'isInvestigationRouted',
          target: 'propose',
          actions: 'recordInvestigation',
          description: '记录原因与责任人;修理质量问题交相关负责人,服务问题交服务专员/主管 — record cause and responsible person, routed by cause (CP-INVESTIGATE)',
        },
      },
    },
    propose: {
      description: '4 提出处理方案:部门研讨提出方案,主管一一过目、选择最佳方案并批示 — departments propose, the supervisor approves the best (CP-PROPOSE)',
      meta: { step: 4, zh: '提出处理方案', rules: ['CP-PROPOSE', 'CP-TIMELINE'] },
      entry: enter('propose'),
      after: {
        approvalDeadline: {
          actions: escalate('propose'),
          description: '方案批示逾期,上报主管 — no approved remedy in time: escalate (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      initial: 'drafting',
      states: {
        drafting: {
          description: '部门研讨提出不同解决方案 — departments draft remedies',
          on: {
            'PROPOSAL.ADD': { guard: 'isProposalValid', actions: 'addProposal', description: '提出一个方案 — add a remedy (CP-PROPOSE)' },
            'PROPOSAL.SUBMIT': {
              guard: 'hasProposals',
              target: 'awaitingApproval',
              actions: { type: 'notifySupervisor', params: ({ context }) => ({ caseId: context.form.caseId, reason: 'approval-requested' as const, step: 'propose' as const }) },
              description: '提交主管批示 — submit to the supervisor (CP-PROPOSE)',
            },
          },
        },
        awaitingApproval: {
          description: '主管批示:一一过目,选择最佳方案 — the supervisor gives a verdict on every proposal, the customer may choose among the accepted ones, and the supervisor approves one (主管批示)',
          meta: { zh: '主管批示' },
          on: {
            'PROPOSAL.REVIEW': {
              guard: 'isProposalReviewValid',
              actions: 'recordVerdict',
              description: '主管对方案一一过目:采纳或不采纳(说明理由) — the supervisor\'s verdict on one proposal: accept, or reject with a reason (CP-PROPOSE)',
            },
            'CUSTOMER.CHOOSE': {
              guard: 'isCustomerChoiceAccepted',
              actions: 'recordCustomerChoice',
              description: '请顾客参与共同选择最佳解决途径:在主管采纳的方案中选择 — the customer chooses among the accepted proposals (CP-PROPOSE)',
            },
            'SUPERVISOR.APPROVE': {
              guard: 'isApprovedProposal',
              target: '#complaint.implement',
              actions: 'recordApproval',
              description: '主管批示最佳方案:每个方案都有意见,批示采纳的方案,批示人非提出人,顾客的选择优先 — the supervisor approves an accepted remedy once every proposal has a verdict, not their own, following the customer\'s choice (CP-PROPOSE)',
            },
            'SUPERVISOR.SEND_BACK': { target: 'drafting', actions: 'recordSendBack', description: '退回重拟 — sent back to draft again', meta: { rule: 'CP-PROPOSE' } },
          },
        },
      },
    },
    implement: {
      description: '5 实施处理方案:通知顾客,顾客接受后签字,处罚责任者,收集反馈 — notify, signature, accountability, feedback (CP-SIGNOFF)',
      meta: { step: 5, zh: '实施处理方案', rules: ['CP-SIGNOFF', 'CP-ACCOUNTABILITY', 'CP-LANGUAGE', 'CP-TIMELINE'] },
      entry: enter('implement'),
      after: {
        resultDeadline: {
          actions: escalate('implement'),
          description: '承诺处理时间已过,上报主管 — the promised time passed: escalate (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      on: {
        'CUSTOMER.NOTIFY': {
          guard: 'isTextPolite',
          actions: ['recordNotification', { type: 'notifyCustomer', params: ({ context, event }) => ({ caseId: context.form.caseId, kind: 'remedy' as const, text: (event as Of<'CUSTOMER.NOTIFY'>).message }) }],
          description: '通知顾客处理方案 — notify the customer of the remedy (CP-LANGUAGE)',
        },
        'CUSTOMER.ACCEPT': {
          guard: and(['wasCustomerNotified', 'isCustomersOwnSignature']),
          actions: 'recordSignature',
          description: '顾客确认接受并签字:顾客本人签字,或由客服记录签字凭证 — the customer accepts and signs: their own signature, or staff record it with evidence (CP-SIGNOFF)',
        },
        'CUSTOMER.REJECT': {
          target: 'propose',
          actions: 'recordCustomerRejection',
          description: '顾客不接受方案,退回重新提出方案(保留原因) — the customer rejects: back to proposal, reason kept',
          meta: { rule: 'CP-SIGNOFF' },
        },
        'ACCOUNTABILITY.RECORD': {
          guard: 'isAccountabilityMeasured',
          actions: [
            'addAccountability',
            {
              type: 'recordAccountability',
              params: ({ context }) => {
                const a = context.accountability[context.accountability.length - 1]!;
                return { caseId: context.form.caseId, target: a.target, person: a.person, department: a.department, measure: a.measure, provision: a.provision };
              },
            },
          ],
          description: '对直接责任者和部门主管按照有关规定进行处罚:记录措施及所依据的规定 — the measure against the direct person or the department head, with the provision applied (CP-ACCOUNTABILITY)',
        },
        'FEEDBACK.RECORD': { actions: 'addFeedback', description: '收集顾客反馈意见 — collect the customer\'s feedback' },
        'IMPLEMENTATION.COMPLETE': {
          guard: and(['isSignedOff', 'isAccountabilityRecorded']),
          target: 'followUp',
          actions: 'recordImplementation',
          description: '签字、反馈、对直接责任者和部门主管的处理齐全,实施完成 — signature and feedback (CP-SIGNOFF), measures against the direct person and the department head (CP-ACCOUNTABILITY)',
        },
      },
    },
    followUp: {
      description: '6 处理后回访:闭环管理 — the follow-up visit that closes the loop (CP-FOLLOWUP)',
      meta: { step: 6, zh: '处理后回访', rules: ['CP-FOLLOWUP', 'RV-QUIET', 'RV-3DAY', 'CP-TIMELINE'] },
      entry: enter('followUp'),
      after: {
        followUpDeadline: {
          actions: escalate('followUp'),
          description: '三天内未回访,上报主管 — no visit within three days: escalate (CP-TIMELINE, RV-3DAY)',
        },
        ...stepThresholds,
      },
      on: {
        'FOLLOWUP.RECORD': {
          guard: and(['isFollowUpAfterHandling', 'isOutsideRestTime']),
          actions: 'recordFollowUp',
          description: '记录回访结果:避开顾客休息时间;超过三天仍须回访,记为逾期 — record the visit: not in the customer\'s rest time (RV-QUIET); past three days it is flagged late (RV-3DAY) (CP-FOLLOWUP)',
        },
        'FOLLOWUP.COMPLETE': { guard: 'hasFollowedUp', target: 'review', description: '已回访,进入总结评价 — visited: go to review (CP-FOLLOWUP)' },
        'COMPLAINT.REOPEN': {
          guard: 'wasCustomerNotSatisfied',
          target: 'propose',
          actions: 'recordReopening',
          description: '回访仍不满意:重新提出处理方案,挽回不满意顾客 — still not satisfied at the follow-up: back to proposal (CP-FOLLOWUP)',
        },
      },
    },
    review: {
      description: '7 总结评价:客服主管填写《顾客投诉分类统计表》,数据分析,提出改进对策 — the supervisor files the statistics and measures (CP-REVIEW)',
      meta: { step: 7, zh: '总结评价', rules: ['CP-REVIEW', 'CP-TIMELINE'] },
      entry: enter('review'),
      after: {
        reviewDeadline: {
          actions: escalate('review', 'review-due'),
          description: '总结评价逾期,提醒主管 — review overdue: remind the supervisor (CP-TIMELINE)',
        },
        ...stepThresholds,
      },
      on: {
        'REVIEW.FILE': {
          guard: 'isReviewComplete',
          target: 'closed',
          actions: ['recordReview', { type: 'fileStatistics', params: ({ context, event }) => { const e = event as Of<'REVIEW.FILE'>; return { caseId: context.form.caseId, category: e.category, measures: e.measures }; } }],
          description: '填写分类统计表并提出改进对策,结案 — file the statistics with improvement measures and close (CP-REVIEW)',
        },
      },
    },
    closed: {
      type: 'final',
      description: '结案 — closed after review',
      meta: { zh: '结案' },
      entry: 'announceClosed',
    },
  },
}), complaintPermissions), ComplaintEventSchema);

// Registered next to the machine (not in index.ts) so bundlers that honour
// `sideEffects: false` keep it whenever the machine itself is used.
registerMachineSchemas({
  id: complaintMachine.id,
  events: ComplaintEventSchema,
  input: ComplaintInputSchema,
  context: ComplaintContextSchema,
  invariants: complaintInvariants,
  worklist: complaintWorklist,
  version: COMPLAINT_VERSION,
  migrations: complaintMigrations,
});

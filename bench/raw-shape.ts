/**
 * The complaint machine's shape written by hand in plain XState, without kefu: the baseline the
 * complaint machine driven by `actor.send` is measured against (issue 11: complaint ≤ 2× this per
 * event).
 *
 * Same as machines/complaint: the states and their nesting (`notStands.explaining`,
 * `propose.drafting`/`awaitingApproval`, the two final states), every event with the same target,
 * the root `REPLY.SEND`, one deadline timer (`after`) in each of the seven steps, each step's
 * entry recording the step and its start, and a context of the same fields and size (the same
 * default policy, form and lists), with each event's data recorded in it by `assign` as the
 * complaint machine records it. Not in it: guards (no rule checks, no ROLE-PERMIT), the business
 * calendar (a deadline is a fixed hour, not working time), emitted events, host actions, input
 * validation. The threshold warnings (`stepDeadlineApproaching1..3`) are left out: under the
 * default policy (no warnings) they schedule nothing in the complaint machine either.
 */
import { assign, setup } from 'xstate';
import { defaultPolicy, type ComplaintEvent, type ComplaintInput } from 'kefu';

type Of<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;
type Step = 'register' | 'assess' | 'investigate' | 'propose' | 'implement' | 'followUp' | 'review' | 'notStands';

interface RawContext {
  policy: typeof defaultPolicy;
  form: ComplaintInput['form'];
  step: Step;
  now: string;
  stepStartedAt?: string;
  deadlines: Record<string, string>;
  escalations: { step: Step; at: string }[];
  warnings: unknown[];
  registeredAt?: string;
  assessment?: { verdict: 'valid' | 'invalid'; at: string; department?: string; investigationDays?: number; reason?: string };
  promise?: { apology: string; promisedBy: string; at: string };
  explanation?: { text: string; at: string };
  disputes: { reason: string; at: string }[];
  investigation?: object;
  proposals: { id: string; description: string; department: string; at: string; verdict?: object }[];
  customerChoice?: { proposalId: string; at: string };
  approval?: { proposalId: string; supervisor: string; at: string };
  rejections: { by: 'supervisor' | 'customer'; reason: string; at: string }[];
  reopenings: number;
  notifiedAt?: string;
  signature?: { signedBy: string; at: string };
  accountability: object[];
  feedback: { text: string; at: string }[];
  implementedAt?: string;
  followUp?: object;
  review?: object;
  replies: { text: string; at: string }[];
  replyCount: number;
  closedAt?: string;
}

const HOUR = 3_600_000;
const at = (event: ComplaintEvent) => event.at;

/** Entry of a step: record it and when it started (the complaint machine also computes its due time). */
const enter = (step: Step) => ({ type: 'enterStep' as const, params: { step } });

/** One deadline per step, a fixed hour here (working time in the complaint machine). */
const deadline = { [HOUR]: { actions: 'recordEscalation' as const } };

export const rawShapeMachine = setup({
  types: { context: {} as RawContext, events: {} as ComplaintEvent, input: {} as ComplaintInput },
  actions: {
    enterStep: assign(({ event, context }, params: { step: Step }) => {
      const now = 'at' in event && typeof event.at === 'string' ? event.at : context.now;
      return { step: params.step, now, stepStartedAt: now };
    }),
    recordEscalation: assign(({ context }) => ({ escalations: [...context.escalations, { step: context.step, at: context.now }] })),
    updateForm: assign(({ context, event }) => ({ form: { ...context.form, ...(event as Of<'FORM.UPDATE'>).fields }, now: at(event) })),
    recordRegistration: assign(({ event }) => ({ registeredAt: at(event) })),
    recordValidAssessment: assign(({ event }) => {
      const e = event as Of<'ASSESS.VALID'>;
      return {
        assessment: { verdict: 'valid' as const, department: e.department, investigationDays: e.investigationDays, at: e.at },
        promise: { apology: e.apology, promisedBy: e.promisedBy, at: e.at },
      };
    }),
    recordInvalidAssessment: assign(({ event }) => ({ assessment: { verdict: 'invalid' as const, reason: (event as Of<'ASSESS.INVALID'>).reason, at: at(event) } })),
    recordExplanation: assign(({ event }) => ({ explanation: { text: (event as Of<'EXPLANATION.GIVE'>).text, at: at(event) }, now: at(event) })),
    recordDispute: assign(({ context, event }) => ({ disputes: [...context.disputes, { reason: (event as Of<'CUSTOMER.DISPUTE'>).reason, at: at(event) }], explanation: undefined })),
    recordInvestigation: assign(({ event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'INVESTIGATION.RECORD'>;
      return { investigation: rest };
    }),
    addProposal: assign(({ context, event }) => {
      const e = event as Of<'PROPOSAL.ADD'>;
      return { proposals: [...context.proposals, { id: e.proposalId, description: e.description, department: e.department, at: e.at }], now: e.at };
    }),
    recordVerdict: assign(({ context, event }) => {
      const e = event as Of<'PROPOSAL.REVIEW'>;
      return { proposals: context.proposals.map((p) => (p.id === e.proposalId ? { ...p, verdict: { decision: e.verdict, at: e.at } } : p)), now: e.at };
    }),
    recordCustomerChoice: assign(({ event }) => ({ customerChoice: { proposalId: (event as Of<'CUSTOMER.CHOOSE'>).proposalId, at: at(event) }, now: at(event) })),
    recordApproval: assign(({ event }) => {
      const e = event as Of<'SUPERVISOR.APPROVE'>;
      return { approval: { proposalId: e.proposalId, supervisor: e.supervisor, at: e.at } };
    }),
    recordSendBack: assign(({ context, event }) => ({ rejections: [...context.rejections, { by: 'supervisor' as const, reason: (event as Of<'SUPERVISOR.SEND_BACK'>).reason, at: at(event) }] })),
    recordNotification: assign(({ event }) => ({ notifiedAt: at(event), now: at(event) })),
    recordSignature: assign(({ event }) => ({ signature: { signedBy: (event as Of<'CUSTOMER.ACCEPT'>).signedBy, at: at(event) }, now: at(event) })),
    recordCustomerRejection: assign(({ context, event }) => ({
      rejections: [...context.rejections, { by: 'customer' as const, reason: (event as Of<'CUSTOMER.REJECT'>).reason, at: at(event) }],
      approval: undefined,
      signature: undefined,
    })),
    addAccountability: assign(({ context, event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'ACCOUNTABILITY.RECORD'>;
      return { accountability: [...context.accountability, rest], now: rest.at };
    }),
    addFeedback: assign(({ context, event }) => ({ feedback: [...context.feedback, { text: (event as Of<'FEEDBACK.RECORD'>).text, at: at(event) }], now: at(event) })),
    recordImplementation: assign(({ event }) => ({ implementedAt: at(event) })),
    recordFollowUp: assign(({ event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'FOLLOWUP.RECORD'>;
      return { followUp: rest, now: rest.at };
    }),
    recordReopening: assign(({ context, event }) => ({
      rejections: [...context.rejections, { by: 'customer' as const, reason: (event as Of<'COMPLAINT.REOPEN'>).reason, at: at(event) }],
      reopenings: context.reopenings + 1,
      followUp: undefined,
      now: at(event),
    })),
    recordReview: assign(({ event }) => {
      const { type: _type, by: _by, ...rest } = event as Of<'REVIEW.FILE'>;
      return { review: rest, closedAt: rest.at, now: rest.at };
    }),
    recordClosure: assign(({ event }) => ({ closedAt: at(event) })),
    addReply: assign(({ context, event }) => ({ replies: [...context.replies, { text: (event as Of<'REPLY.SEND'>).text, at: at(event) }], replyCount: context.replyCount + 1, now: at(event) })),
  },
}).createMachine({
  id: 'rawComplaintShape',
  context: ({ input }) => ({
    policy: defaultPolicy,
    form: input.form,
    step: 'register',
    now: input.form.receivedAt!,
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
  }),
  initial: 'register',
  on: { 'REPLY.SEND': { actions: 'addReply' } },
  states: {
    register: {
      entry: enter('register'),
      after: deadline,
      on: { 'FORM.UPDATE': { actions: 'updateForm' }, 'COMPLAINT.REGISTER': { target: 'assess', actions: 'recordRegistration' } },
    },
    assess: {
      entry: enter('assess'),
      after: deadline,
      on: {
        'ASSESS.VALID': { target: 'investigate', actions: 'recordValidAssessment' },
        'ASSESS.INVALID': { target: 'notStands', actions: 'recordInvalidAssessment' },
      },
    },
    notStands: {
      entry: enter('notStands'),
      initial: 'explaining',
      states: {
        explaining: { on: { 'EXPLANATION.GIVE': { target: 'awaitingAcknowledgement', actions: 'recordExplanation' } } },
        awaitingAcknowledgement: { on: { 'CUSTOMER.DISPUTE': { target: '#rawComplaintShape.assess', actions: 'recordDispute' } } },
      },
      on: { 'CUSTOMER.ACKNOWLEDGE': { target: 'closedNotStands', actions: 'recordClosure' } },
    },
    closedNotStands: { type: 'final' },
    investigate: {
      entry: enter('investigate'),
      after: deadline,
      on: { 'INVESTIGATION.RECORD': { target: 'propose', actions: 'recordInvestigation' } },
    },
    propose: {
      entry: enter('propose'),
      after: deadline,
      initial: 'drafting',
      states: {
        drafting: { on: { 'PROPOSAL.ADD': { actions: 'addProposal' }, 'PROPOSAL.SUBMIT': { target: 'awaitingApproval' } } },
        awaitingApproval: {
          on: {
            'PROPOSAL.REVIEW': { actions: 'recordVerdict' },
            'CUSTOMER.CHOOSE': { actions: 'recordCustomerChoice' },
            'SUPERVISOR.APPROVE': { target: '#rawComplaintShape.implement', actions: 'recordApproval' },
            'SUPERVISOR.SEND_BACK': { target: 'drafting', actions: 'recordSendBack' },
          },
        },
      },
    },
    implement: {
      entry: enter('implement'),
      after: deadline,
      on: {
        'CUSTOMER.NOTIFY': { actions: 'recordNotification' },
        'CUSTOMER.ACCEPT': { actions: 'recordSignature' },
        'CUSTOMER.REJECT': { target: 'propose', actions: 'recordCustomerRejection' },
        'ACCOUNTABILITY.RECORD': { actions: 'addAccountability' },
        'FEEDBACK.RECORD': { actions: 'addFeedback' },
        'IMPLEMENTATION.COMPLETE': { target: 'followUp', actions: 'recordImplementation' },
      },
    },
    followUp: {
      entry: enter('followUp'),
      after: deadline,
      on: {
        'FOLLOWUP.RECORD': { actions: 'recordFollowUp' },
        'FOLLOWUP.COMPLETE': { target: 'review' },
        'COMPLAINT.REOPEN': { target: 'propose', actions: 'recordReopening' },
      },
    },
    review: {
      entry: enter('review'),
      after: deadline,
      on: { 'REVIEW.FILE': { target: 'closed', actions: 'recordReview' } },
    },
    closed: { type: 'final' },
  },
});

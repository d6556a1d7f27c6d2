/**
 * The CP-* rule checks of the complaint machine. Each is a pure function of the context and
 * the event; the machine's guards are built from them with `ruleGuard`, and `explain` runs
 * the same functions to say why an event was refused.
 */
import { findDepartment } from '../../src/policy/index.js';
import { checkReplyLanguage } from '../../src/language/index.js';
import { missingFields, violation, type Violation } from '../../src/rules/index.js';
import { isPlaceholderText } from '../../src/rules/placeholder.js';
import { toEpoch } from '../../src/time/index.js';
import { ContentMemo } from '../../src/time/internal.js';
import { principalOf } from '../../src/roles/principal.js';
import { roleName } from '../../src/roles/permit.js';
import { restTimeViolation } from '../shared/rest-time.js';
import { ComplaintFormSchema } from './complaint.schemas.js';
import type { ComplaintContext, ComplaintEvent } from './complaint.types.js';

type Args = { context: ComplaintContext; event: ComplaintEvent };
type Of<T extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: T }>;

/**
 * The fields of a complaint form that are missing or malformed, as dotted paths.
 *
 * @example
 * missingFormFields({ caseId: 'C-1', complainant: '王先生' })
 * //=> ['contact', 'receivedAt', 'channel', 'content', 'desiredRemedy', 'member']
 */
export function missingFormFields(form: unknown): string[] {
  // A pure function of the form's content, and a registered case's form is checked again after
  // every step (the invariant complaint.registered.form): forms of plain JSON are parsed once per text.
  const { found, key } = typeof form === 'object' && form !== null ? missingByForm.find(form) : { found: undefined, key: undefined };
  if (found !== undefined) return [...found];
  const result = ComplaintFormSchema.safeParse(form);
  const missing = result.success ? [] : [...new Set(result.error.issues.map((i) => i.path.map(String).join('.') || '(form)'))];
  if (typeof form === 'object' && form !== null) missingByForm.remember(form, key, Object.freeze([...missing]));
  return missing;
}

const missingByForm = new ContentMemo<readonly string[]>(256);

/** CP-REGISTER: the form holds at least complainant, time received, content — and the rest of the form. */
export function checkFormComplete({ context }: Args): Violation | undefined {
  const missing = missingFormFields(context.form);
  return missing.length ? missingFields('CP-REGISTER', missing) : undefined;
}

/** CP-ASSESS (stands): a known responsible department, an agreed investigation period within policy. */
export function checkValidAssessment({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSESS.VALID'>;
  const problems: { zh: string; en: string; field: string }[] = [];
  if (!findDepartment(context.policy, e.department)) {
    problems.push({ zh: `责任部门“${e.department}”不存在`, en: `unknown department "${e.department}"`, field: 'department' });
  }
  if (!e.customerAgreed) {
    problems.push({ zh: '顾客未同意调查期限', en: 'the customer has not agreed to the investigation period', field: 'customerAgreed' });
  }
  const max = context.policy.complaint.maxInvestigationWorkingDays;
  if (e.investigationDays > max) {
    problems.push({ zh: `调查期限超过 ${max} 个工作日`, en: `investigation period exceeds ${max} working days`, field: 'investigationDays' });
  }
  if (problems.length === 0) return undefined;
  return violation('CP-ASSESS', {
    reason: { zh: problems.map((p) => p.zh).join(';'), en: problems.map((p) => p.en).join('; ') },
    details: { fields: problems.map((p) => p.field) },
  });
}

/** CP-TIMELINE: not solved on the spot → a polite apology and a promised time no later than the result deadline. */
export function checkApologyAndPromise({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ASSESS.VALID'>;
  const rude = checkReplyLanguage(e.apology, context.policy.language);
  if (rude) return rude;
  const due = context.deadlines.result;
  if (toEpoch(e.promisedBy) <= toEpoch(e.at)) {
    return violation('CP-TIMELINE', {
      reason: { zh: '承诺时间须晚于当前时间', en: 'the promised time must be in the future' },
      details: { promisedBy: e.promisedBy },
    });
  }
  if (due && toEpoch(e.promisedBy) > toEpoch(due)) {
    return violation('CP-TIMELINE', {
      reason: { zh: `承诺时间晚于结果期限 ${due}`, en: `the promised time is later than the result deadline ${due}` },
      details: { promisedBy: e.promisedBy, resultDue: due },
    });
  }
  return undefined;
}

/** CP-ASSESS (does not stand): the customer may only acknowledge after a tactful explanation. */
export function checkExplained({ context }: Args): Violation | undefined {
  return context.explanation
    ? undefined
    : violation('CP-ASSESS', {
        reason: { zh: '尚未婉转答复顾客', en: 'no tactful explanation has been given to the customer yet' },
      });
}

/** CP-INVESTIGATE: the handler is a known department of the kind the cause calls for. */
export function checkInvestigation({ context, event }: Args): Violation | undefined {
  const e = event as Of<'INVESTIGATION.RECORD'>;
  const handler = findDepartment(context.policy, e.handler);
  if (!handler) {
    return violation('CP-INVESTIGATE', {
      reason: { zh: `处理部门“${e.handler}”不存在`, en: `unknown handling department "${e.handler}"` },
      details: { field: 'handler' },
    });
  }
  const needs = e.cause === 'repair-quality' ? 'repair-quality' : e.cause === 'service' ? 'service' : undefined;
  if (needs && handler.handles !== needs) {
    const zh = needs === 'repair-quality' ? '修理质量问题须交相关负责人(维修方)处理' : '服务问题须交服务专员/主管处理';
    const en =
      needs === 'repair-quality'
        ? 'a repair-quality cause goes to the responsible repair department'
        : 'a service cause goes to the service specialist or supervisor';
    return violation('CP-INVESTIGATE', { reason: { zh, en }, details: { cause: e.cause, handler: e.handler, expected: needs } });
  }
  return undefined;
}

/** CP-PROPOSE: a proposal names a known department. */
export function checkProposal({ context, event }: Args): Violation | undefined {
  const e = event as Of<'PROPOSAL.ADD'>;
  if (!findDepartment(context.policy, e.department)) {
    return violation('CP-PROPOSE', { reason: { zh: `部门“${e.department}”不存在`, en: `unknown department "${e.department}"` } });
  }
  if (context.proposals.some((p) => p.id === e.proposalId)) {
    return violation('CP-PROPOSE', { reason: { zh: `方案 ${e.proposalId} 已存在`, en: `proposal ${e.proposalId} already exists` } });
  }
  return undefined;
}

/** CP-PROPOSE: proposals go to the supervisor only when there is at least one. */
export function checkHasProposals({ context }: Args): Violation | undefined {
  return context.proposals.length > 0
    ? undefined
    : violation('CP-PROPOSE', { reason: { zh: '尚无解决方案', en: 'no remedy has been proposed' } });
}

/** The refusal for a proposal id that is not on the table. */
function unknownProposal(context: ComplaintContext, proposalId: string): Violation {
  return violation('CP-PROPOSE', {
    reason: { zh: `方案 ${proposalId} 不在待批方案中`, en: `proposal ${proposalId} is not among the proposals` },
    details: { proposalId, proposals: context.proposals.map((p) => p.id) },
  });
}

/** CP-PROPOSE (一一过目): the supervisor's verdict is on a proposal on the table, and a rejection says why. */
export function checkProposalReview({ context, event }: Args): Violation | undefined {
  const e = event as Of<'PROPOSAL.REVIEW'>;
  if (!context.proposals.some((p) => p.id === e.proposalId)) return unknownProposal(context, e.proposalId);
  if (e.verdict === 'reject' && e.reason === undefined) {
    return violation('CP-PROPOSE', {
      reason: { zh: `不采纳方案 ${e.proposalId} 须说明理由`, en: `rejecting proposal ${e.proposalId} needs a reason` },
      details: { proposalId: e.proposalId, field: 'reason' },
    });
  }
  return undefined;
}

/** CP-PROPOSE (请顾客参与共同选择): the customer chooses among the proposals the supervisor accepted. */
export function checkCustomerChoice({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CUSTOMER.CHOOSE'>;
  const proposal = context.proposals.find((p) => p.id === e.proposalId);
  if (!proposal) return unknownProposal(context, e.proposalId);
  if (proposal.verdict?.decision === 'accept') return undefined;
  return violation('CP-PROPOSE', {
    reason: {
      zh: `顾客只能在主管采纳的方案中选择;方案 ${e.proposalId} ${proposal.verdict ? '未被采纳' : '尚未审阅'}`,
      en: `the customer chooses among the proposals the supervisor accepted; ${e.proposalId} is ${proposal.verdict ? 'rejected' : 'not reviewed yet'}`,
    },
    details: { proposalId: e.proposalId, accepted: context.proposals.filter((p) => p.verdict?.decision === 'accept').map((p) => p.id) },
  });
}

/**
 * CP-PROPOSE (主管领导应对投诉处理方案一一过目,选择最佳解决方案,并及时作出批示): the supervisor approves a
 * proposal on the table only after a verdict on every proposal (`details.unreviewed` lists those
 * without one), approves one they accepted, is not its author (four eyes: the principal's id differs
 * from the author's), does not approve again a remedy the customer rejected (unless the customer
 * chose it afresh), and follows the customer's recorded choice (请顾客参与共同选择).
 */
export function checkApproval({ context, event }: Args): Violation | undefined {
  const e = event as Of<'SUPERVISOR.APPROVE'>;
  const proposal = context.proposals.find((p) => p.id === e.proposalId);
  if (!proposal) return unknownProposal(context, e.proposalId);
  const unreviewed = context.proposals.filter((p) => p.verdict === undefined).map((p) => p.id);
  if (unreviewed.length > 0) {
    return violation('CP-PROPOSE', {
      reason: {
        zh: `主管须对每个方案一一过目;尚未审阅:${unreviewed.join('、')}`,
        en: `the supervisor gives a verdict on every proposal first; not reviewed: ${unreviewed.join(', ')}`,
      },
      details: { proposalId: e.proposalId, unreviewed },
    });
  }
  if (proposal.verdict?.decision !== 'accept') {
    return violation('CP-PROPOSE', {
      reason: { zh: `方案 ${e.proposalId} 未被采纳,不能批示`, en: `proposal ${e.proposalId} was rejected; it cannot be approved` },
      details: { proposalId: e.proposalId, verdict: proposal.verdict?.decision ?? null },
    });
  }
  // 顾客不接受 → 退回重新提出方案: a remedy the customer turned down is not approved again unless the
  // customer chose it afresh (a rejection clears the recorded choice, so a choice now is a new one).
  const turnedDown = context.rejections.some((r) => r.by === 'customer' && r.proposalId === e.proposalId);
  if (turnedDown && context.customerChoice?.proposalId !== e.proposalId) {
    return violation('CP-PROPOSE', {
      reason: {
        zh: `顾客已拒绝方案 ${e.proposalId};须提出新方案,或记录顾客重新选择该方案`,
        en: `the customer rejected proposal ${e.proposalId}; propose a new remedy, or record the customer choosing it again`,
      },
      details: { proposalId: e.proposalId, rejectedByCustomer: true },
    });
  }
  const by = principalOf(event);
  if (by && proposal.author && by.id === proposal.author.id) {
    return violation('CP-PROPOSE', {
      reason: {
        zh: `批示人不能是方案 ${e.proposalId} 的提出人(${by.id}),须由另一位主管批示`,
        en: `the approver may not be the author of proposal ${e.proposalId} (${by.id}); another supervisor approves it`,
      },
      details: { proposalId: e.proposalId, author: proposal.author.id, by: by.id },
    });
  }
  const choice = context.customerChoice;
  if (choice && choice.proposalId !== e.proposalId) {
    return violation('CP-PROPOSE', {
      reason: {
        zh: `顾客已选择方案 ${choice.proposalId};批示其他方案须先记录顾客的新选择`,
        en: `the customer chose proposal ${choice.proposalId}; approving another needs the customer's new choice recorded first`,
      },
      details: { proposalId: e.proposalId, customerChoice: choice.proposalId },
    });
  }
  return undefined;
}

/** CP-SIGNOFF: the customer signs only after being notified of the approved remedy. */
export function checkNotified({ context }: Args): Violation | undefined {
  return context.notifiedAt
    ? undefined
    : violation('CP-SIGNOFF', { reason: { zh: '尚未通知顾客处理方案', en: 'the customer has not been notified of the remedy' } });
}

/**
 * CP-SIGNOFF (请顾客签字): the signature is the customer's own — sent by a principal with role
 * `customer`, or recorded by staff with `evidence` (`in-person`, `e-signature`, `sms-code`). A
 * signature with no principal is accepted only when the policy opts out of roles
 * (`roles.enforce: false`), which gives this check up.
 */
export function checkCustomersOwnSignature({ context, event }: Args): Violation | undefined {
  const e = event as Of<'CUSTOMER.ACCEPT'>;
  const by = principalOf(e);
  if (by?.role === 'customer' || e.evidence !== undefined) return undefined;
  if (!by && context.policy.roles?.enforce === false) return undefined;
  const who = by ? roleName(by.role) : { zh: '未知操作人', en: 'an unknown sender' };
  return violation('CP-SIGNOFF', {
    reason: {
      zh: `签字须为顾客本人:${who.zh}不能代签,须由顾客签字,或记录签字凭证(当面签字、电子签名、短信验证码)`,
      en: `the signature must be the customer's own: ${who.en} may not sign for them; the customer signs, or the signature carries evidence (in-person, e-signature, sms-code)`,
    },
    details: { field: 'evidence', by: by ? { id: by.id, role: by.role } : null },
  });
}

/** CP-SIGNOFF: implementation completes with the customer's signature and feedback recorded. */
export function checkSignedOff({ context }: Args): Violation | undefined {
  const missing: string[] = [];
  if (!context.signature) missing.push('signature');
  if (context.feedback.length === 0) missing.push('feedback');
  return missing.length ? missingFields('CP-SIGNOFF', missing) : undefined;
}

/**
 * CP-ACCOUNTABILITY (对直接责任者和部门主管要按照有关规定进行处罚): one accountability record says
 * something — a measure and the provision it applies, neither empty nor a placeholder (无, -,
 * n/a, 待定) — about a known department, and a `direct` record is about the person the
 * investigation named. `details.fields` names what is wrong.
 */
export function checkAccountabilityMeasure({ context, event }: Args): Violation | undefined {
  const e = event as Of<'ACCOUNTABILITY.RECORD'>;
  const problems: { zh: string; en: string; field: string }[] = [];
  if (isPlaceholderText(e.measure)) {
    problems.push({ zh: `处理措施“${e.measure.trim()}”不是实际措施`, en: `the measure "${e.measure.trim()}" is empty or a placeholder`, field: 'measure' });
  }
  if (isPlaceholderText(e.provision)) {
    problems.push({ zh: `依据条款“${e.provision.trim()}”不是实际规定`, en: `the provision "${e.provision.trim()}" is empty or a placeholder`, field: 'provision' });
  }
  if (!findDepartment(context.policy, e.department)) {
    problems.push({ zh: `部门“${e.department}”不存在`, en: `unknown department "${e.department}"`, field: 'department' });
  }
  const named = context.investigation?.responsiblePerson;
  if (e.target === 'direct' && named !== undefined && e.person.trim() !== named.trim()) {
    problems.push({ zh: `直接责任者应为调查认定的“${named}”`, en: `the direct responsible person is "${named}", as the investigation found`, field: 'person' });
  }
  if (problems.length === 0) return undefined;
  return violation('CP-ACCOUNTABILITY', {
    reason: { zh: problems.map((p) => p.zh).join(';'), en: problems.map((p) => p.en).join('; ') },
    details: { fields: problems.map((p) => p.field), target: e.target },
  });
}

/**
 * CP-ACCOUNTABILITY: when the investigation named a responsible person, implementation completes
 * only with a measure for the direct person and one for the department head
 * (`details.missing`: `accountability.direct`, `accountability.head`).
 */
export function checkAccountabilityRecorded({ context }: Args): Violation | undefined {
  if (!context.investigation?.responsiblePerson) return undefined;
  const missing = (['direct', 'head'] as const)
    .filter((t) => !context.accountability.some((a) => a.target === t))
    .map((t) => `accountability.${t}`);
  return missing.length ? missingFields('CP-ACCOUNTABILITY', missing) : undefined;
}

/** CP-FOLLOWUP: review needs a follow-up visit made after implementation. */
export function checkFollowedUp({ context }: Args): Violation | undefined {
  return context.followUp
    ? undefined
    : violation('CP-FOLLOWUP', { reason: { zh: '尚未回访', en: 'no follow-up visit has been recorded' } });
}

/** CP-FOLLOWUP: the visit is after the handling, not before. */
export function checkFollowUpAfterHandling({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FOLLOWUP.RECORD'>;
  return context.implementedAt && toEpoch(e.at) < toEpoch(context.implementedAt)
    ? violation('CP-FOLLOWUP', {
        reason: { zh: '回访时间早于处理完成时间', en: 'the visit is dated before the handling was completed' },
        details: { implementedAt: context.implementedAt },
      })
    : undefined;
}

/** The customer's zone: the form's, else the department's calendar. */
export const customerTimeZone = (context: ComplaintContext): string => context.form.timeZone ?? context.policy.calendar.timeZone;

/**
 * CP-FOLLOWUP with RV-QUIET (处理后有回访 is a return visit): a follow-up by phone or SMS is not
 * made in the customer's rest time (`policy.returnVisit.quietHours`, read in the customer's zone);
 * the refusal names RV-QUIET and gives `details.nextAllowedAt`. A visit in person is arranged with
 * the customer and is not checked.
 */
export function checkFollowUpRestTime({ context, event }: Args): Violation | undefined {
  const e = event as Of<'FOLLOWUP.RECORD'>;
  if (e.method === 'visit') return undefined;
  return restTimeViolation(context.policy.returnVisit.quietHours, e.at, customerTimeZone(context));
}

/**
 * CP-FOLLOWUP: a case goes back to proposal from the follow-up only when the visit found the
 * customer not satisfied (投诉解决宗旨:挽回不满意顾客).
 */
export function checkNotSatisfied({ context }: Args): Violation | undefined {
  const satisfaction = context.followUp?.satisfaction;
  if (satisfaction === 'dissatisfied' || satisfaction === 'average') return undefined;
  return violation('CP-FOLLOWUP', {
    reason: satisfaction
      ? { zh: '回访结果为满意,无需重新处理', en: 'the follow-up found the customer satisfied; nothing to reopen' }
      : { zh: '尚未回访', en: 'no follow-up visit has been recorded' },
    details: { satisfaction: satisfaction ?? null },
  });
}

/**
 * CP-REVIEW (填写《顾客投诉分类统计表》,并做数据分析统计,提出改进对策): the statistics entry has a
 * category, an analysis and at least one improvement measure, none of them empty or a placeholder
 * (无, -, 待定, n/a: the same list as CP-ACCOUNTABILITY's); `details.placeholders` names the fields.
 */
export function checkReview({ event }: Args): Violation | undefined {
  const e = event as Of<'REVIEW.FILE'>;
  if (e.measures.length === 0) return missingFields('CP-REVIEW', ['measures']);
  const placeholders = [
    ...(isPlaceholderText(e.category) ? ['category'] : []),
    ...(isPlaceholderText(e.analysis) ? ['analysis'] : []),
    ...e.measures.flatMap((m, i) => (isPlaceholderText(m) ? [`measures.${i}`] : [])),
  ];
  if (placeholders.length === 0) return undefined;
  return violation('CP-REVIEW', {
    reason: {
      zh: `分类统计表须写明实际内容;以下字段为空或占位:${placeholders.join('、')}`,
      en: `the statistics entry needs real content; empty or placeholder: ${placeholders.join(', ')}`,
    },
    details: { placeholders },
  });
}

/** CP-LANGUAGE: a text sent to the customer holds no forbidden phrase. */
export function checkPoliteText({ context, event }: Args): Violation | undefined {
  const text =
    event.type === 'REPLY.SEND' || event.type === 'EXPLANATION.GIVE'
      ? event.text
      : event.type === 'CUSTOMER.NOTIFY'
        ? event.message
        : undefined;
  return text === undefined ? undefined : checkReplyLanguage(text, context.policy.language);
}

/**
 * The rules of the source documents (RULES.md): every rule's stable ID, and the short message in
 * Chinese and English of the rules the root entry's own code and the complaint machine check
 * (`CP-*`, `RV-QUIET` of the complaint's follow-up visit, `ROLE-PERMIT`). The messages of the
 * other processes' rules are in `catalogue.processes.ts`: the modules that check them (the other
 * machines, `kefu/staff`, `kefu/quality`) add them through `src/rules/process.ts`, and the whole
 * catalogue (`rules`) is exported from `kefu/rule-sources`, with the words of the source documents
 * each rule comes from. So the root entry with the complaint machine does not carry the messages
 * of the processes a host does not use (issue 13's bundle budget).
 */

/** Which area of the department a rule belongs to. */
export type RuleArea = 'complaint' | 'return-visit' | 'channels' | 'data-staff-quality' | 'roles-records';

/** One rule of the catalogue. */
export interface RuleInfo {
  /** Stable ID, e.g. `RV-3DAY`. */
  readonly id: string;
  /** Area of the department the rule belongs to. */
  readonly area: RuleArea;
  /** Short message in Chinese, as the documents say it. */
  readonly zh: string;
  /** Short message in English. */
  readonly en: string;
}

/**
 * Every rule ID, in catalogue order.
 *
 * @example
 * ruleIds.includes('RV-3DAY') //=> true
 */
export const ruleIds = Object.freeze([
  'CP-REGISTER',
  'CP-ASSESS',
  'CP-INVESTIGATE',
  'CP-PROPOSE',
  'CP-SIGNOFF',
  'CP-ACCOUNTABILITY',
  'CP-FOLLOWUP',
  'CP-REVIEW',
  'CP-TIMELINE',
  'CP-LANGUAGE',
  'RV-QUIET',
  'RV-MEMBER-100',
  'RV-RECORD',
  'RV-3DAY',
  'RV-RESCHEDULE',
  'RV-SCRIPT',
  'RV-BRIEF',
  'RV-CYCLE',
  'RV-OCCASION',
  'CALL-GREET',
  'CALL-RECORD',
  'CALL-TRANSFER',
  'CALL-CLASSIFY',
  'CALL-ETA',
  'MAIL-24H',
  'CHAT-LIVE',
  'SUGGEST-LOOP',
  'ORDER-TRACK',
  'RETURN-POLICY',
  'DATA-DAILY',
  'DATA-ASSIGN',
  'DATA-WEEK',
  'STAFF-SUMMARY',
  'STAFF-DUTY',
  'PRIVACY',
  'QA-AUDIT',
  'CAMPAIGN',
  'ROLE-PERMIT',
  'AUDIT-TRAIL',
  'WALKIN',
] as const);

/** A rule ID of the catalogue. */
export type RuleId = (typeof ruleIds)[number];

const idSet: ReadonlySet<string> = new Set(ruleIds);

/**
 * Whether a string is a rule ID of the catalogue.
 *
 * @example
 * isRuleId('RV-3DAY') //=> true
 */
export function isRuleId(id: string): id is RuleId {
  return idSet.has(id);
}

/** Internal: freeze a part of the catalogue, each entry with its ID. */
export const defineRules = <const T extends { readonly [K in RuleId]?: Omit<RuleInfo, 'id'> }>(
  entries: T,
): { readonly [K in keyof T]: RuleInfo & { readonly id: K } } =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(entries).map(([id, info]) => [id, Object.freeze({ id, ...info })]),
    ),
  ) as never;

/**
 * Internal: the rules the root entry's code and the complaint machine check, with their messages.
 *
 * @example
 * coreRules['RV-QUIET'].en //=> 'Never contact a customer in their rest time'
 */
export const coreRules = defineRules({
  'CP-REGISTER': {
    area: 'complaint',
    zh: '投诉须即时受理并完整填写《顾客投诉登记表》(投诉人、投诉时间、投诉内容等)',
    en: 'A complaint is registered at once on a complete complaint form (complainant, time received, content)',
  },
  'CP-ASSESS': {
    area: 'complaint',
    zh: '须判定投诉是否成立:不成立须婉转答复并取得客户谅解;成立须确定责任部门并经客户同意调查期限',
    en: 'Assessment decides whether the complaint stands: if not, a tactful explanation the customer acknowledges; if so, a responsible department and an investigation period the customer agrees to',
  },
  'CP-INVESTIGATE': {
    area: 'complaint',
    zh: '调查须查明具体原因和责任人;修理质量问题交相关负责人,服务问题交服务专员/主管',
    en: 'Investigation records the specific cause and the responsible person; repair/quality causes go to the responsible technician or department, service causes to the service specialist or supervisor',
  },
  'CP-PROPOSE': {
    area: 'complaint',
    zh: '须提出解决方案,主管对每个方案一一过目并作出意见,选择最佳方案批示后方可实施;批示人须为主管且非方案提出人;顾客可参与选择',
    en: 'Remedies are proposed; the supervisor gives a verdict on every one, selects the best and approves it before it is implemented; the approver is a supervisor who did not author it; the customer may take part in choosing',
  },
  'CP-SIGNOFF': {
    area: 'complaint',
    zh: '实施方案须通知顾客,顾客确认接受并亲自签字(或有电子签名、短信验证码等凭证),不得由客服代签,并收集顾客反馈',
    en: 'Implementation: the customer is notified, accepts and signs personally (or with recorded evidence such as an e-signature or SMS code), never an agent; feedback is collected',
  },
  'CP-ACCOUNTABILITY': {
    area: 'complaint',
    zh: '调查认定责任人时,须记录对直接责任者和部门主管按规定采取的处理措施及所依据的规定,不得为空或“无”',
    en: 'When a responsible person was found, the measures against the direct person and the department head are recorded with the provision applied; empty or placeholder measures are refused',
  },
  'CP-FOLLOWUP': {
    area: 'complaint',
    zh: '处理后须回访,形成闭环;回访须避开顾客休息时间并在三天内完成',
    en: 'A follow-up visit after handling is required before review (closed loop); it respects the customer\'s rest time and the three-day limit',
  },
  'CP-REVIEW': {
    area: 'complaint',
    zh: '须由客服主管填写《顾客投诉分类统计表》并提出改进对策后方可结案',
    en: 'The supervisor files the case in the complaint classification statistics with improvement measures before it closes',
  },
  'CP-TIMELINE': {
    area: 'complaint',
    zh: '无法立即解决时须向客户道歉并承诺处理时间;各步骤逾期须上报主管',
    en: 'When a complaint cannot be solved on the spot the customer gets an apology and a promised time; a missed step deadline escalates to the supervisor',
  },
  'CP-LANGUAGE': {
    area: 'complaint',
    zh: '答复客户不得使用“不行、不知道、不可以”等用语,不轻易承诺,不推卸责任,不怀疑顾客的诚实',
    en: 'Replies to customers must not refuse (不行, 不知道, 不可以), promise rashly, shift blame or doubt the customer\'s honesty',
  },
  'RV-QUIET': {
    area: 'return-visit',
    zh: '避免在客户休息时打扰客户',
    en: 'Never contact a customer in their rest time',
  },
  'ROLE-PERMIT': {
    area: 'roles-records',
    zh: '各步骤须由文件规定的岗位执行:主管批示、归档统计、分配客户、考核;售后专员处理退换货;质量专员审核;签字确认由顾客本人',
    en: 'Each step is taken by the role the documents give it: supervisors approve, file statistics, assign customers and assess staff; after-sales handles returns; quality audits; only the customer signs and accepts',
  },
});

// Every rule whose message is known in this process: the core ones, and the parts of the catalogue
// added by the modules that check them. One per process, even with the ESM and CJS builds both loaded.
const KEY = Symbol.for('kefu.ruleCatalogue');
const holder = globalThis as unknown as Record<symbol, Map<string, RuleInfo> | undefined>;
const known: Map<string, RuleInfo> = (holder[KEY] ??= new Map());
for (const info of Object.values(coreRules)) known.set(info.id, info);

/** Internal: add a part of the catalogue (`src/rules/process.ts` adds the processes' rules). */
export function addRules(part: Readonly<Record<string, RuleInfo>>): void {
  for (const info of Object.values(part)) known.set(info.id, info);
}

/** Internal: a rule's catalogue entry, if its message is known in this process. */
export function ruleInfo(id: string): RuleInfo | undefined {
  return known.get(id);
}

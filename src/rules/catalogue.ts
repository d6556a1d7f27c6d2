/**
 * The catalogue of every rule in the source documents (RULES.md), with a stable ID and a
 * short message in Chinese and English. Hosts show these messages when a step is refused.
 * The words of the source documents each rule comes from are `ruleSources`, in `kefu/rule-sources`
 * (the tools that print them load it; the root entry does not carry them).
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

const define = <const T extends Record<string, Omit<RuleInfo, 'id'>>>(
  entries: T,
): { readonly [K in keyof T]: RuleInfo & { readonly id: K } } =>
  Object.freeze(
    Object.fromEntries(
      Object.entries(entries).map(([id, info]) => [id, Object.freeze({ id, ...info })]),
    ),
  ) as never;

/**
 * Every rule, keyed by its ID.
 *
 * @example
 * rules['RV-3DAY'].zh //=> '回访须在服务后三天内完成'
 */
export const rules = define({
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
  'RV-MEMBER-100': {
    area: 'return-visit',
    zh: '必须保证会员客户100%回访',
    en: 'Every member customer in a cycle is visited',
  },
  'RV-RECORD': {
    area: 'return-visit',
    zh: '必须保证回访信息的完整记录(《回访记录表》)',
    en: 'A visit is only complete with a full visit record',
  },
  'RV-3DAY': {
    area: 'return-visit',
    zh: '回访须在服务后三天内完成',
    en: 'Return visits must be made within three days of the service',
  },
  'RV-RESCHEDULE': {
    area: 'return-visit',
    zh: '客户不便时须在电话中另约方便时间,且不得在客户休息时间',
    en: 'A busy customer books a convenient time, which must respect rest time',
  },
  'RV-SCRIPT': {
    area: 'return-visit',
    zh: '回访须按回访规范及用语进行',
    en: 'The call follows the return-visit script',
  },
  'RV-BRIEF': {
    area: 'return-visit',
    zh: '回访时间不宜过长,内容不宜过多',
    en: 'A visit is short; longer visits are flagged',
  },
  'RV-CYCLE': {
    area: 'return-visit',
    zh: '回访流程:提取客户资料→统计整理→分配→沟通→记录→分析→《回访总结报告》→归档',
    en: 'A cycle: select → compile → assign → contact → record → analyse → summary report → archive',
  },
  'RV-OCCASION': {
    area: 'return-visit',
    zh: '特定时期可作特色回访,并定期提醒客户保养',
    en: 'Special visits (holidays, anniversary, promotions) and periodic maintenance reminders can be scheduled',
  },
  'CALL-GREET': {
    area: 'channels',
    zh: '接听电话须使用问候语',
    en: 'A call opens with the greeting script',
  },
  'CALL-RECORD': {
    area: 'channels',
    zh: '须详细记录来电时间、来电号码、客户姓名、联系方式、咨询内容',
    en: 'The call record holds time, caller number, name, contact and content before wrap-up',
  },
  'CALL-TRANSFER': {
    area: 'channels',
    zh: '非本人负责范围的业务须礼貌转接至相关业务部门,转接失败不得丢失客户',
    en: 'Matters outside the agent\'s scope are transferred to a known department; a failed transfer never drops the caller',
  },
  'CALL-CLASSIFY': {
    area: 'channels',
    zh: '须对客户的问题进行分类并交相应流程处理',
    en: 'Each contact is classified and handed to its process',
  },
  'CALL-ETA': {
    area: 'channels',
    zh: '需要较长时间处理时须告知客户预计处理时间',
    en: 'When an answer needs longer, the customer is told the expected time',
  },
  'MAIL-24H': {
    area: 'channels',
    zh: '收到客户邮件后应第一时间回复,最长不超过24小时',
    en: 'An email gets a reply within 24 hours at most',
  },
  'CHAT-LIVE': {
    area: 'channels',
    zh: '在线客服应实时响应客户咨询',
    en: 'Online chat answers in real time',
  },
  'SUGGEST-LOOP': {
    area: 'channels',
    zh: '客户建议须记录、反馈相关部门并跟进至改进落实',
    en: 'A suggestion is recorded, passed to the department and followed until the improvement is confirmed',
  },
  'ORDER-TRACK': {
    area: 'channels',
    zh: '须确认订单准确性、安排发货并跟踪订单进展',
    en: 'Orders are confirmed for accuracy, shipped and tracked to delivery',
  },
  'RETURN-POLICY': {
    area: 'channels',
    zh: '退换货须按企业退换货政策办理并跟踪进展',
    en: 'Returns and exchanges follow the company policy and are tracked to completion',
  },
  'DATA-DAILY': {
    area: 'data-staff-quality',
    zh: '客户资料须每日及时更新,避免遗漏',
    en: 'Customer files are collected and updated daily with nothing left out',
  },
  'DATA-ASSIGN': {
    area: 'data-staff-quality',
    zh: '按负责客户数量均衡、兼顾业务能力的原则分配客户',
    en: 'Customers are assigned to agents balancing count and ability',
  },
  'DATA-WEEK': {
    area: 'data-staff-quality',
    zh: '负责的客户须在一周内沟通并详细备案',
    en: 'An agent contacts each newly assigned customer within one week and records it',
  },
  'STAFF-SUMMARY': {
    area: 'data-staff-quality',
    zh: '每日总结、每周汇报、每月绩效考核',
    en: 'Daily summary, weekly report, monthly performance assessment',
  },
  'STAFF-DUTY': {
    area: 'data-staff-quality',
    zh: '节假日值班须按时到岗,确保客户服务不间断',
    en: 'Holiday duty keeps service uninterrupted: the roster covers every service hour',
  },
  PRIVACY: {
    area: 'data-staff-quality',
    zh: '做好客户信息保密工作,不得泄露客户隐私',
    en: 'Customer personal data never leaves the host app unredacted',
  },
  'QA-AUDIT': {
    area: 'data-staff-quality',
    zh: '质量专员按质量标准抽查审核服务并反馈改进',
    en: 'Quality specialists audit sampled service against the standards and feed results back',
  },
  CAMPAIGN: {
    area: 'data-staff-quality',
    zh: '电话营销活动:数据清单提取→现场活动监控→项目活动总结',
    en: 'A telemarketing campaign runs list extraction → live monitoring → summary',
  },
  'ROLE-PERMIT': {
    area: 'roles-records',
    zh: '各步骤须由文件规定的岗位执行:主管批示、归档统计、分配客户、考核;售后专员处理退换货;质量专员审核;签字确认由顾客本人',
    en: 'Each step is taken by the role the documents give it: supervisors approve, file statistics, assign customers and assess staff; after-sales handles returns; quality audits; only the customer signs and accepts',
  },
  'AUDIT-TRAIL': {
    area: 'roles-records',
    zh: '每一步及每次被拒绝的操作均须记录:何人(编号与岗位)、何时、何事、依据何规则;案卷可导出,个人信息默认遮蔽',
    en: 'Every step and every refused attempt is recorded: who (id and role), when, what, and the refusing rule; the case file can be exported with personal data masked',
  },
  WALKIN: {
    area: 'roles-records',
    zh: '现场接待:主动问候并询问需求,当场解决或按类别转入相应流程,并记录接待',
    en: 'Walk-in reception: greet and ask the need at once, solve on the spot or hand to its process, and record the visit',
  },
});

/** A rule ID of the catalogue. */
export type RuleId = keyof typeof rules;

/** Every rule ID, in catalogue order. */
export const ruleIds: readonly RuleId[] = Object.freeze(Object.keys(rules) as RuleId[]);

/**
 * Whether a string is a rule ID of the catalogue.
 *
 * @example
 * isRuleId('RV-3DAY') //=> true
 */
export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(rules, id);
}

/**
 * `kefu/rule-sources`: the whole rule catalogue — every rule's ID, area and zh/en message
 * (`rules`) — and the words of the source documents (Chinese) each rule comes from
 * (`ruleSources`). They are for tools that list, print or quote the rules (`kefu rules`, the docs
 * generator, a host's rule browser). A refused step already carries its rule's message
 * (`violation.message`); the root entry keeps every rule ID (`ruleIds`, `isRuleId`) and the
 * messages of the rules its own code and the complaint machine check, not the catalogue's whole
 * text (issue 13: the bundle a browser app pays for `kefu` stays small).
 */
import { addRules, coreRules, ruleIds, type RuleId, type RuleInfo } from '../rules/catalogue.js';
import { processRules } from '../rules/catalogue.processes.js';

/**
 * The words of the source documents each rule comes from, by rule ID (quotes; `…` marks words
 * left out).
 *
 * @example
 * import { ruleSources } from 'kefu/rule-sources';
 * ruleSources['CP-FOLLOWUP'] //=> '处理后有回访'
 */
export const ruleSources: { readonly [K in RuleId]: string } = Object.freeze({
  'CP-REGISTER': '初步填写《顾客投诉登记表》的相关内容,如投诉人、投诉时间、投诉内容等',
  'CP-ASSESS': '判定客户投诉的理由是否充分,投诉要求是否合理…婉转的方式答复客户,取得客户的谅解…确定被投诉的责任部门,并请顾客给予一定时间展开调查',
  'CP-INVESTIGATE': '查明客户投诉的具体原因,具体造成客户投诉的责任人,如属修理质量问题,交相关负责人处理;属服务问题,则服务专员/主管处理',
  'CP-PROPOSE': '部门研讨提出不同相关解决方案。主管领导应对投诉处理方案一一过目,选择最佳解决方案,并及时作出批示;请顾客参与共同选择最佳解决途径',
  'CP-SIGNOFF': '通知顾客,确认顾客接受解决方案后请顾客签字,并尽快地收集顾客的反馈意见',
  'CP-ACCOUNTABILITY': '对直接责任者和部门主管要按照有关规定进行处罚',
  'CP-FOLLOWUP': '处理后有回访',
  'CP-REVIEW': '由客服主管填写《顾客投诉分类统计表》,并做数据分析统计,提出改进对策',
  'CP-TIMELINE': '如果问题无法立即解决,客服人员需要向客户道歉并提供解决方案和时间表;有投诉即时受理,迅速有结果',
  'CP-LANGUAGE': '杜绝跟顾客说“不行、不知道、不可以等”;不轻易承诺,不失言;不推卸责任;不怀疑顾客的诚实品格',
  'RV-QUIET': '避免在客户休息时打扰客户',
  'RV-MEMBER-100': '必须保证会员客户的100%的回访',
  'RV-RECORD': '必须保证回访信息的完整记录',
  'RV-3DAY': '必须保证在三天之内回访',
  'RV-RESCHEDULE': '最好与客户在电话中再约一个方便的时间',
  'RV-SCRIPT': '回访规范及用语',
  'RV-BRIEF': '回访时间不宜过长,内容不宜过多',
  'RV-CYCLE': '从客户档案中提取…最后分析结果并撰写《回访总结报告》,进行最终资料归档',
  'RV-OCCASION': '特定时期内可作特色回访… 定期友情提醒客户做车保养',
  'CALL-GREET': '您好,欢迎来电,请问有什么可以帮助您的?',
  'CALL-RECORD': '详细记录客户来电的时间、来电号码、客户姓名、联系方式、咨询内容等信息',
  'CALL-TRANSFER': '如客户咨询的业务不属于自己负责范围,应礼貌地转接至相关业务部门',
  'CALL-CLASSIFY': '对客户的问题进行分类',
  'CALL-ETA': '如果问题需要更长时间的处理…告知预计处理时间',
  'MAIL-24H': '最长不超过24小时',
  'CHAT-LIVE': '在线客服应实时响应客户咨询',
  'SUGGEST-LOOP': '将建议反馈给相关部门…跟进改进情况,确保问题得到解决',
  'ORDER-TRACK': '确认订单的准确性、安排产品发货、跟踪订单的进展',
  'RETURN-POLICY': '根据企业的退换货政策,协助客户处理退换货事宜,并跟踪退换货的进展',
  'DATA-DAILY': '要求每日及时更新,避免遗漏',
  'DATA-ASSIGN': '按照负责客户数量均衡、兼顾业务能力的原则',
  'DATA-WEEK': '应在一周内与客户进行沟通,并做详细备案',
  'STAFF-SUMMARY': '每日总结工作…每周进行工作汇报…每月进行绩效考核',
  'STAFF-DUTY': '节假日值班人员应按照规定时间到岗,确保客户服务不间断',
  PRIVACY: '做好客户信息保密工作,不得泄露客户隐私',
  'QA-AUDIT': '持续地监督和审查在线客户服务,根据质量控制标准开展服务质量自审',
  CAMPAIGN: '数据清单的提取…现场活动的监控…项目活动的总结',
  'ROLE-PERMIT': '各岗位工作流程;主管领导…作出批示;由客服主管填写《顾客投诉分类统计表》;售后服务专员…处理客户的退货或换货申请;质量管理专员…开展服务质量自审',
  'AUDIT-TRAIL': '建立投诉归档资料;记录客户咨询内容,便于后续跟进;整理工作记录',
  WALKIN: '现场接待…主动服务:主动询问客户需求…问题解决:根据客户问题,提供专业的解决方案',
});

/**
 * Every rule of the catalogue, keyed by its ID: area, and the short message in Chinese and English
 * that a refusal starts with.
 *
 * @example
 * import { rules } from 'kefu/rule-sources';
 * rules['RV-3DAY'].zh //=> '回访须在服务后三天内完成'
 */
export const rules: { readonly [K in RuleId]: RuleInfo & { readonly id: K } } = Object.freeze(
  Object.fromEntries(ruleIds.map((id) => [id, (coreRules as Partial<Record<RuleId, RuleInfo>>)[id] ?? (processRules as Partial<Record<RuleId, RuleInfo>>)[id]!])),
) as never;

// Loaded, the whole catalogue is known to `violation` too.
addRules(rules);

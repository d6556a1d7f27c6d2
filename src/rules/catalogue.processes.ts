import { defineRules } from './catalogue.js';

/**
 * The messages of the rules of the processes beyond complaints (return visits, channels, data,
 * staff and quality, walk-in reception, audit trail and privacy): the modules that check them load
 * them through `src/rules/process.ts`; `kefu/rule-sources` exports them with the rest of the
 * catalogue as `rules`. Internal.
 */
export const processRules = defineRules({
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

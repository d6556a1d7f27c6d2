/**
 * The default permission table (ROLE-PERMIT): for each of kefu's machines, which roles may send
 * each of its events, from the documents' 各岗位工作流程 and the steps they give each role.
 *
 * - 客服主管 (`supervisor`): approval and send-back of complaint remedies (主管领导…作出批示), the
 *   complaint classification statistics (由客服主管填写《顾客投诉分类统计表》), the classification and
 *   filing of the day's customer files (由客服主管安排信息汇总,并进行分析分类,分派专人管理各类资料), customer-file
 *   assignment (客服主管按照负责客户数量均衡…分配), visit assignment, campaign monitoring and summary
 *   (定期审核和评估…工作绩效). A supervisor may also take every step an agent takes (管理客户服务代表的工作流程;
 *   服务问题则服务专员/主管处理).
 * - 售后服务专员 (`afterSales`): return/exchange decisions, receipt, inspection, refund and
 *   replacement (处理客户的退货或换货申请) — theirs alone: the documents give the supervisor no step
 *   of a return, so a host whose supervisors decide returns adds them with `definePolicy`. They
 *   also take complaints (接收客户投诉,记录投诉信息) and the agent's steps of a return case.
 * - the customer (`customer`): signature and acceptance, acknowledgement of an explanation, dispute,
 *   confirmations; the customer's own messages (with `system` for the gateway that delivers them).
 * - 质量管理专员 (`quality`): the quality audit, from the sample to the close; the audited agent
 *   acknowledges the results.
 * - `system`: telephony and mail/chat gateways, the daily tick of customer data.
 * - 客服代表 (`agent`): the rest.
 *
 * Every event a kefu machine takes from outside is listed; `definePolicy` refuses an event name
 * that is not, so a typo cannot silently leave a step open.
 */

const A = ['agent', 'supervisor'] as const;
/** Agent steps of processes the after-sales specialist takes part in (complaints, returns). */
const AX = ['agent', 'supervisor', 'afterSales'] as const;
const S = ['supervisor'] as const;
const C = ['customer'] as const;
/** The after-sales specialist's own steps of a return or exchange (处理客户的退货或换货申请). */
const X = ['afterSales'] as const;
const Q = ['quality'] as const;

/** Default permissions: machine id → event type → roles that may send it. */
export const defaultPermissions = {
  complaint: {
    'FORM.UPDATE': AX,
    'COMPLAINT.REGISTER': AX,
    'ASSESS.VALID': AX,
    'ASSESS.INVALID': AX,
    'EXPLANATION.GIVE': AX,
    'CUSTOMER.ACKNOWLEDGE': C,
    'CUSTOMER.DISPUTE': C,
    'INVESTIGATION.RECORD': AX,
    'PROPOSAL.ADD': AX,
    'PROPOSAL.SUBMIT': AX,
    // 主管领导应对投诉处理方案一一过目: the verdict on each proposal is the supervisor's.
    'PROPOSAL.REVIEW': S,
    // 请顾客参与共同选择: the customer chooses on their own channel, or the agent records the choice
    // the customer makes with them (on the phone, at the counter).
    'CUSTOMER.CHOOSE': ['customer', 'agent', 'supervisor', 'afterSales'],
    'SUPERVISOR.APPROVE': S,
    'SUPERVISOR.SEND_BACK': S,
    'CUSTOMER.NOTIFY': AX,
    // The customer signs; an agent may record a signature only with evidence (CP-SIGNOFF).
    'CUSTOMER.ACCEPT': ['customer', 'agent', 'supervisor', 'afterSales'],
    'CUSTOMER.REJECT': C,
    'ACCOUNTABILITY.RECORD': AX,
    'FEEDBACK.RECORD': AX,
    'IMPLEMENTATION.COMPLETE': AX,
    'FOLLOWUP.RECORD': AX,
    'FOLLOWUP.COMPLETE': AX,
    'COMPLAINT.REOPEN': AX,
    'REVIEW.FILE': S,
    'REPLY.SEND': AX,
  },
  email: {
    'MAIL.TRIAGE': A,
    'REPLY.SEND': A,
    'INFO.REQUEST': A,
    'CUSTOMER.REPLY': ['customer', 'system'],
    'MAIL.CLOSE': A,
  },
  chat: {
    'CUSTOMER.MESSAGE': ['customer', 'system'],
    'AGENT.MESSAGE': A,
    'CHAT.TRANSFER': A,
    'TRANSFER.ACCEPTED': A,
    'TRANSFER.DECLINED': A,
    'CHAT.CLOSE': A,
    'CUSTOMER.LEAVE': ['customer', 'system'],
  },
  call: {
    'CALL.ANSWER': A,
    'CALL.HANGUP': ['agent', 'supervisor', 'customer', 'system'],
    'RECORD.UPDATE': A,
    'CALLER.IDENTIFY': A,
    'CALL.CLASSIFY': A,
    'REPLY.GIVE': A,
    'CALL.HOLD': A,
    'CALL.RESUME': A,
    'CALL.TRANSFER': A,
    'TRANSFER.ANSWERED': ['agent', 'supervisor', 'afterSales', 'system'],
    'TRANSFER.COMPLETE': A,
    'TRANSFER.DECLINED': ['agent', 'supervisor', 'afterSales', 'system'],
    'TRANSFER.CANCEL': A,
    'CALL.ETA': A,
    'CALL.WRAP_UP': A,
    'WRAPUP.COMPLETE': A,
    'VOICEMAIL.LEFT': ['system', 'agent', 'supervisor'],
    'CALLBACK.DONE': A,
  },
  inquiry: {
    'INQUIRY.RECORD': A,
    'INQUIRY.ANSWER': A,
    'INQUIRY.TRANSFER': A,
    'TRANSFER.ACCEPTED': ['agent', 'supervisor', 'afterSales'],
    'TRANSFER.DECLINED': ['agent', 'supervisor', 'afterSales'],
    'FOLLOWUP.PROMISE': A,
    'INQUIRY.CLOSE': A,
  },
  suggestion: {
    'SUGGESTION.UPDATE': A,
    'SUGGESTION.FORWARD': A,
    'DEPARTMENT.RESPOND': A,
    'PROGRESS.RECORD': A,
    'IMPROVEMENT.COMPLETE': A,
    'CUSTOMER.REPLY': A,
    'CUSTOMER.CONFIRM': C,
    'SUGGESTION.CLOSE': A,
  },
  'return-visit': {
    'VISIT.START': A,
    'VISIT.CANCEL': A,
    'CALL.ANSWER': ['agent', 'supervisor', 'system'],
    'CALL.NO_ANSWER': ['agent', 'supervisor', 'system'],
    'CALL.BUSY': ['agent', 'supervisor', 'system'],
    'CALL.DROPPED': ['agent', 'supervisor', 'system'],
    'IDENTITY.CONFIRM': A,
    'IDENTITY.WRONG_PERSON': A,
    'CALLBACK.BOOK': A,
    'SATISFACTION.ANSWER': A,
    'SUGGESTION.RECORD': A,
    'ASPECT.RECORD': A,
    'CALL.END': A,
    'CUSTOMER.OPT_OUT': ['agent', 'supervisor', 'customer'],
    'SMS.REPLY': ['customer', 'system'],
    'RECORD.UPDATE': A,
    'RECORD.SUBMIT': A,
  },
  'return-visit-cycle': {
    'CUSTOMERS.SELECT': A,
    'AGENTS.ASSIGN': S,
    'VISIT.REISSUE': S,
    // A visit case's outcome, delivered from its own end by the host's outbox worker.
    'VISIT.OUTCOME': ['system'],
    'VISIT.FAILED': ['system'],
    'CONTACT.CLOSE': A,
    'REPORT.WRITE': A,
    'CYCLE.ARCHIVE': A,
  },
  order: {
    'ORDER.UPDATE': A,
    'ORDER.CHECK': A,
    'CUSTOMER.CONFIRM': C,
    'ORDER.CONFIRM': A,
    // 安排产品发货、跟踪订单的进展 are the service department's (客服部), with the carrier's feed.
    'ORDER.SHIP': A,
    'TRACKING.UPDATE': ['agent', 'supervisor', 'system'],
    'ORDER.CANCEL': ['agent', 'supervisor', 'customer'],
  },
  'return-exchange': {
    'REQUEST.UPDATE': AX,
    'REQUEST.APPROVE': X,
    'REQUEST.DECLINE': X,
    'REQUEST.WITHDRAW': ['customer', 'agent', 'supervisor', 'afterSales'],
    'ITEM.RECEIVE': X,
    'INSPECTION.RECORD': X,
    'REFUND.ISSUE': X,
    'REFUND.COMPLETE': ['afterSales', 'system'],
    'REPLACEMENT.SHIP': X,
    'TRACKING.UPDATE': ['afterSales', 'system'],
    'REPLY.SEND': AX,
  },
  'customer-data': {
    'AGENTS.SET': S,
    'CATEGORY.OWNER_SET': S,
    'DAY.OPEN': ['agent', 'supervisor', 'system'],
    'RECORD.COLLECT': A,
    'COLLECTION.SUBMIT': A,
    // 资料整理: the supervisor classifies and files the day's records and closes the update.
    'RECORD.FILE': S,
    'UPDATE.CLOSE': S,
    'CUSTOMERS.ASSIGN': S,
    'ASSIGNMENT.SUBMIT': S,
    // 与客户沟通并详细备案: the agent holding the customer, themselves (principal id = agentId,
    // customerDataChecks.checkOwnContact), so a supervisor cannot record it for them.
    'CONTACT.RECORD': ['agent'],
    'DEADLINES.CHECK': ['system', 'agent', 'supervisor'],
  },
  campaign: {
    'LIST.EXTRACT': A,
    'CAMPAIGN.LAUNCH': S,
    'CALL.LOG': A,
    'MONITORING.END': S,
    'ANALYSIS.RECORD': S,
    'SUMMARY.COMPLETE': S,
  },
  'walk-in': {
    'VISIT.GREET': A,
    'RECORD.UPDATE': A,
    'REPLY.GIVE': A,
    'VISIT.SOLVE': A,
    'VISIT.CLASSIFY': A,
    'VISIT.FINISH': A,
    'VISIT.CLOSE': A,
    'VISIT.LEAVE': ['agent', 'supervisor', 'customer'],
  },
  'quality-audit': {
    'SAMPLE.DRAW': Q,
    'RECORD.SCORE': Q,
    'SCORING.COMPLETE': Q,
    'FEEDBACK.RECORD': Q,
    'FEEDBACK.SEND': Q,
    // The audited agent acknowledges their own results (客服确认).
    'FEEDBACK.ACKNOWLEDGE': ['agent'],
    // 质量管理专员…制定培训计划,培训和支持客服人员; the supervisor trains too (指导和培训客服代表).
    'TRAINING.RECORD': ['quality', 'supervisor'],
    'AUDIT.CLOSE': Q,
  },
  'monthly-assessment': {
    // 定期审核和评估客户服务代表的工作绩效: the supervisor drafts, shares and publishes.
    'ASSESSMENT.DRAFT': S,
    'ASSESSMENT.SHARE': S,
    // Each agent sees their own result and acknowledges or objects.
    'ASSESSMENT.ACKNOWLEDGE': ['agent'],
    'ASSESSMENT.OBJECT': ['agent'],
    'ASSESSMENT.PUBLISH': S,
  },
} as const satisfies Record<string, Record<string, readonly string[]>>;

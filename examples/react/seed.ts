/**
 * The console's morning: six complaints (made-up customers) at different steps, brought there
 * through the runtime by the roles the documents give each step, so the worklist is real state,
 * not a mock-up.
 */
import type { ComplaintContext, ComplaintFormDraft } from 'kefu';
import { people, type Desk, type DeskRole } from './desk.js';
import { buildEvent, exampleValues } from './forms.js';

interface Seed {
  readonly form: ComplaintFormDraft;
  /** The steps already taken, in order, each by its role. */
  readonly path: readonly (readonly [DeskRole, string])[];
}

const registered: Seed['path'] = [['agent', 'COMPLAINT.REGISTER']];
const assessed: Seed['path'] = [...registered, ['agent', 'ASSESS.VALID']];
const investigated: Seed['path'] = [...assessed, ['agent', 'INVESTIGATION.RECORD']];
const submitted: Seed['path'] = [...investigated, ['agent', 'PROPOSAL.ADD'], ['agent', 'PROPOSAL.SUBMIT']];
const signed: Seed['path'] = [...submitted, ['supervisor', 'PROPOSAL.REVIEW'], ['supervisor', 'SUPERVISOR.APPROVE'], ['agent', 'CUSTOMER.NOTIFY'], ['customer', 'CUSTOMER.ACCEPT']];
const implemented: Seed['path'] = [...signed, ['agent', 'ACCOUNTABILITY.RECORD'], ['agent', 'ACCOUNTABILITY.RECORD'], ['agent', 'FEEDBACK.RECORD'], ['agent', 'IMPLEMENTATION.COMPLETE']];

const form = (caseId: string, complainant: string, phone: string, receivedAt: string, channel: ComplaintFormDraft['channel'], content: string, desiredRemedy: string, member: boolean): ComplaintFormDraft => ({
  caseId,
  complainant,
  contact: { phone },
  receivedAt,
  channel,
  content,
  desiredRemedy,
  member,
});

/** Newest first; the first one is untouched, the one the walkthrough takes to closed. */
export const seeds: readonly Seed[] = [
  { form: form('TS-2026-0141', '刘建国', '+86 139 1234 5678', '2026-12-02T09:20:00+08:00', 'phone', '空调维修后第二天仍然不制冷,外机有异响。', '免费返修并赔偿上门误工', true), path: [] },
  { form: form('TS-2026-0139', '陈晓雯', '+86 186 2233 4455', '2026-12-01T16:40:00+08:00', 'web', '预约的上门安装时间师傅迟到两个小时,没有提前通知。', '道歉并说明原因', false), path: registered },
  { form: form('TS-2026-0137', '王海涛', '+86 135 0101 2020', '2026-11-30T10:15:00+08:00', 'visit', '更换的刹车片有异响,回厂检查说正常。', '重新检查并更换', true), path: assessed },
  { form: form('TS-2026-0133', '张丽', '+86 158 7777 3210', '2026-11-27T14:10:00+08:00', 'email', '保养后仪表盘故障灯常亮。', '免费检修', false), path: submitted },
  { form: form('TS-2026-0128', '孙志强', '+86 137 6543 2109', '2026-11-25T09:40:00+08:00', 'phone', '配件到货比承诺晚了一周,耽误用车。', '补偿部分费用', true), path: signed },
  { form: form('TS-2026-0120', '周敏', '+86 150 8888 6060', '2026-11-23T15:05:00+08:00', 'letter', '维修报价与结算金额不一致。', '按报价结算并退还差额', true), path: implemented },
];

/** Open every seed case and take it along its path, twenty minutes a step from its receipt. */
export async function seedDesk(desk: Desk): Promise<void> {
  for (const seed of seeds) {
    await desk.open(seed.form);
    let at = Date.parse(seed.form.receivedAt!);
    for (const [role, type] of seed.path) {
      at += 20 * 60_000;
      const current = (await desk.read(seed.form.caseId))!;
      const event = buildEvent(type, exampleValues(type, current.context as ComplaintContext, people[role]));
      const outcome = await desk.send(seed.form.caseId, event, people[role], new Date(at).toISOString());
      if (!outcome.accepted) {
        throw new Error(`seed ${seed.form.caseId}: ${type} refused: ${outcome.refusal.message.en}`);
      }
    }
  }
}

import { createActor } from 'xstate';
import { findDepartment } from '../../policy/index.js';
import { toIso } from '../../time/index.js';
// Types only: the machine comes from the catalogue (ctx.machine), never imported here.
import type { ChatContext, ChatEvent } from '../../../machines/chat/index.js';
import { DemoCase, SECOND, type CaseScript } from './case.js';
import type { CaseRecord, Scenario } from './types.js';

const AGENTS = ['客服小周', '客服小林', '客服小陈', '客服小马'];
const QUESTIONS = ['我想查一下维修进度', '保养大概需要多长时间?', '可以在线预约吗?', '配件什么时候到货?', '发票可以重开吗?'];
const DEPARTMENTS = ['repair', 'parts', 'sales', 'finance'];

/**
 * Online chats (在线客服) against the real-time response clocks (CHAT-LIVE: first and next
 * responses within the policy's seconds; late ones counted and escalated): some transferred to a
 * department (accepted, declined, or timing out back to the agent), closed by the agent, left by
 * the customer, or closed idle with the closing message. Mistakes caught: a forbidden phrase
 * (CP-LANGUAGE), closing while the customer waits for an answer (CHAT-LIVE).
 */
export const chatScenario: Scenario = {
  id: 'chat',
  title: { zh: '在线客服', en: 'chats' },
  machine: 'chat',
  weight: 2,
  plan(ctx, { caseNo, arrival, random, customer }) {
    const { policy, records } = ctx;
    const chatId = `CH-${ctx.date.replaceAll('-', '')}-${String(caseNo).padStart(4, '0')}`;
    const record: CaseRecord = { process: 'chat', caseId: chatId, customer, arrivedAt: toIso(arrival), outcome: 'open', escalations: 0 };
    records.cases.push(record);
    const c = new DemoCase<ChatEvent>(ctx, record);
    const sec = (min: number, max: number) => random.int(min, max) * SECOND;
    let messages = 0;
    const id = (from: 'c' | 'a') => `${chatId}:${from}${++messages}`;
    const limit = policy.chat.nextResponseSeconds;

    /** The agent answers: mostly within the limit, sometimes late (a breach). */
    function* answer(text: string): CaseScript {
      yield c.after(random.chance(0.07) ? sec(limit + 2, limit * 2) : sec(8, limit - 5));
      if (random.chance(0.03)) c.send({ type: 'AGENT.MESSAGE', messageId: id('a'), text: '这个我不知道,您问别人吧。' }, 'CP-LANGUAGE');
      c.send({ type: 'AGENT.MESSAGE', messageId: id('a'), text });
    }

    function* script(): CaseScript {
      c.actor = createActor(ctx.machine, {
        input: { chat: { chatId, startedAt: toIso(c.now()), agent: random.pick(AGENTS), department: 'service' }, policy },
        clock: ctx.clock,
      }).start();

      // 首次响应
      yield c.after(random.chance(0.08) ? sec(policy.chat.firstResponseSeconds + 5, 150) : sec(5, 45));
      c.send({ type: 'AGENT.MESSAGE', messageId: id('a'), text: '您好,请问有什么可以帮助您的?' });

      const exchanges = random.int(1, 4);
      const transferAt = random.chance(0.2) ? random.int(1, exchanges) : 0;
      for (let i = 1; i <= exchanges; i++) {
        yield c.after(sec(15, 150));
        c.send({ type: 'CUSTOMER.MESSAGE', messageId: id('c'), text: random.pick(QUESTIONS) });
        if (random.chance(0.04)) {
          yield c.after(sec(2, 8));
          c.send({ type: 'CHAT.CLOSE' }, 'CHAT-LIVE');
        }
        if (i !== transferAt) {
          yield* answer('您好,已为您查询,情况是这样的……');
          continue;
        }
        // 转接: the agent tells the customer, asks the department; the chat stays with the agent until accepted.
        const department = random.pick(DEPARTMENTS);
        yield c.after(sec(5, 20));
        c.send({ type: 'CHAT.TRANSFER', department, reason: '需相关部门解答' });
        yield c.after(sec(3, 10));
        c.send({ type: 'AGENT.MESSAGE', messageId: id('a'), text: `您好,正在为您转接${findDepartment(policy, department)?.zh ?? ''},请稍候。` });
        const fate = random.weighted([['accepted', 65], ['declined', 15], ['timeout', 20]] as const);
        if (fate === 'timeout') {
          yield c.after(policy.chat.transferTimeoutSeconds * SECOND + sec(1, 10));
        } else {
          yield c.after(sec(10, 40));
          if (fate === 'accepted') c.send({ type: 'TRANSFER.ACCEPTED', agent: `${findDepartment(policy, department)?.zh ?? department}值班员` });
          else c.send({ type: 'TRANSFER.DECLINED', reason: '当前无人可以接手' });
        }
        yield* answer(fate === 'accepted' ? '您好,我是相关部门的同事,您的问题由我来解答。' : '抱歉,相关部门暂时无法接手,我继续为您处理。');
      }

      // 结束: the agent closes, the customer leaves, or the chat closes idle with the closing message.
      const end = random.weighted([['agent', 55], ['customer', 20], ['idle', 25]] as const);
      if (end === 'agent') {
        yield c.after(sec(20, 90));
        c.send({ type: 'CHAT.CLOSE' });
      } else if (end === 'customer') {
        yield c.after(sec(10, 60));
        c.send({ type: 'CUSTOMER.LEAVE' });
      } else {
        yield c.after(policy.chat.idleCloseMinutes * 60 * SECOND + sec(1, 30));
      }
    }

    c.run(arrival, script, () => {
      const snapshot = c.actor?.getSnapshot();
      if (!snapshot) return;
      const context = snapshot.context as ChatContext;
      record.escalations = context.breaches.length;
      if (!c.aborted) record.outcome = context.closedBy ? `closed-by-${context.closedBy}` : 'open';
      if (context.closedAt) record.closedAt = context.closedAt;
      for (const r of context.responses) {
        records.sla.push({ process: 'chat', item: r.kind === 'first' ? 'first response 首次响应' : 'next response 后续响应', rule: 'CHAT-LIVE', met: r.met });
      }
      for (const t of context.transfers) {
        const outcome = t.outcome === 'accepted' ? ('completed' as const) : t.outcome === 'timed-out' ? ('timeout' as const) : ('declined' as const);
        records.transfers.push({
          process: 'chat',
          caseId: chatId,
          mode: 'chat',
          to: t.toDepartment ?? t.toAgent ?? '',
          outcome,
          ...(outcome === 'completed' ? {} : { fallback: 'agent' as const }),
        });
      }
      c.actor?.stop();
    });
  },
};

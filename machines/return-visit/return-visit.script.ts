/**
 * The return-visit script (回访规范及用语), in Chinese as the documents word it and in English.
 *
 * The Chinese texts use full-width punctuation; the documents' copy in this repository has been
 * NFKC-normalised (full-width ,?! became ASCII), so tests compare `text.normalize('NFKC')`.
 * Two slips of the documents are corrected: 反应 → 反映 (feedback), and
 * 有改进的望您监督 → 有改进的，希望您监督 (a dropped 希).
 */
import type { Bilingual } from '../../src/rules/index.js';
import { localDate, type Instant } from '../../src/time/index.js';
import type { Occasion, Satisfaction } from './return-visit.schemas.js';
import type { ReturnVisitContext } from './return-visit.types.js';

/** A language of the scripts. */
export type ScriptLanguage = 'zh' | 'en';

/** What the script is filled with. */
export interface ScriptParams {
  /** The company name (policy.company): 我是皇家卫士的客服代表. */
  readonly company: Bilingual;
  /** The customer's name as addressed, e.g. 王. */
  readonly customerName: string;
  /** 先生 or 小姐; without it the name is said alone. */
  readonly salutation?: 'mr' | 'ms';
  /** The service item (服务项目). */
  readonly serviceItem: string;
  /** The item's English name. @default serviceItem */
  readonly serviceItemEn?: string;
  /** When the service was done (××时间). */
  readonly serviceDate: Instant;
  /** Zone the service date is said in (the customer's). */
  readonly timeZone: string;
  /** Picks the wish: 节日快乐 on a holiday visit, 开车愉快 otherwise. @default 'after-service' */
  readonly occasion?: Occasion;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The service date as the script says it, in the customer's zone.
 *
 * @example
 * scriptDate('2026-12-01T10:00:00+08:00', 'Asia/Shanghai', 'zh') //=> '2026年12月1日'
 * scriptDate('2026-12-01T10:00:00+08:00', 'Asia/Shanghai', 'en') //=> 'December 1, 2026'
 */
export function scriptDate(at: Instant, timeZone: string, lang: ScriptLanguage = 'zh'): string {
  const [y, m, d] = localDate(at, timeZone).split('-').map(Number) as [number, number, number];
  return lang === 'zh' ? `${y}年${m}月${d}日` : `${MONTHS[m - 1]} ${d}, ${y}`;
}

/**
 * How the customer is addressed: ××先生/小姐.
 *
 * @example
 * addressCustomer({ customerName: '王', salutation: 'mr' }, 'zh') //=> '王先生'
 * addressCustomer({ customerName: 'Wang', salutation: 'ms' }, 'en') //=> 'Ms Wang'
 */
export function addressCustomer(p: Pick<ScriptParams, 'customerName' | 'salutation'>, lang: ScriptLanguage = 'zh'): string {
  if (!p.salutation) return p.customerName;
  return lang === 'zh'
    ? `${p.customerName}${p.salutation === 'mr' ? '先生' : '小姐'}`
    : `${p.salutation === 'mr' ? 'Mr' : 'Ms'} ${p.customerName}`;
}

/**
 * The wish of the closing (祝您(开车愉快/节日快乐)).
 *
 * @example
 * scriptWish('holiday', 'zh') //=> '节日快乐'
 * scriptWish('after-service', 'en') //=> 'a pleasant drive'
 */
export function scriptWish(occasion: Occasion = 'after-service', lang: ScriptLanguage = 'zh'): string {
  if (occasion === 'holiday') return lang === 'zh' ? '节日快乐' : 'happy holidays';
  return lang === 'zh' ? '开车愉快' : 'a pleasant drive';
}

const item = (p: ScriptParams, lang: ScriptLanguage) => (lang === 'en' ? p.serviceItemEn ?? p.serviceItem : p.serviceItem);

/**
 * (1) 开始 — the opening and identity check.
 *
 * @example
 * scriptOpening({ company: { zh: '皇家卫士', en: 'Royal Guard' }, customerName: '王', salutation: 'mr', serviceItem: '常规保养', serviceDate: '2026-12-01T10:00:00+08:00', timeZone: 'Asia/Shanghai' })
 * //=> '您好我是皇家卫士的客服代表，请问您是王先生吗？打扰您了。'
 */
export function scriptOpening(p: ScriptParams, lang: ScriptLanguage = 'zh'): string {
  const who = addressCustomer(p, lang);
  return lang === 'zh'
    ? `您好我是${p.company.zh}的客服代表，请问您是${who}吗？打扰您了。`
    : `Hello, this is the customer service representative of ${p.company.en}. Am I speaking with ${who}? Sorry to disturb you.`;
}

/**
 * (2) 交流 — thanks for the service and the satisfaction question.
 *
 * @example
 * scriptExchange({ company: { zh: '皇家卫士', en: 'Royal Guard' }, customerName: '王', serviceItem: '常规保养', serviceDate: '2026-12-01T10:00:00+08:00', timeZone: 'Asia/Shanghai' })
 * //=> '感谢您在2026年12月1日接受了我们皇家卫士的常规保养服务项目，请问您对常规保养服务项目满意吗？'
 */
export function scriptExchange(p: ScriptParams, lang: ScriptLanguage = 'zh'): string {
  const date = scriptDate(p.serviceDate, p.timeZone, lang);
  const what = item(p, lang);
  return lang === 'zh'
    ? `感谢您在${date}接受了我们${p.company.zh}的${what}服务项目，请问您对${what}服务项目满意吗？`
    : `Thank you for choosing the ${what} service of ${p.company.en} on ${date}. Are you satisfied with the ${what} service?`;
}

/**
 * The follow-up question matched to the answer: 【满意】 asks for suggestions; 【不满意/一般】
 * asks which aspect (不满意: 能否告诉我您对哪方面不满意; 一般: 我们应改进哪方面的工作).
 *
 * @example
 * scriptFollowUp('satisfied') //=> '您对我们的服务有什么建议吗？'
 * scriptFollowUp('dissatisfied') //=> '能否告诉我您对哪方面不满意吗？'
 */
export function scriptFollowUp(satisfaction: Satisfaction, lang: ScriptLanguage = 'zh'): string {
  switch (satisfaction) {
    case 'satisfied':
      return lang === 'zh' ? '您对我们的服务有什么建议吗？' : 'Do you have any suggestions for our service?';
    case 'dissatisfied':
      return lang === 'zh' ? '能否告诉我您对哪方面不满意吗？' : 'Could you tell me what you were not satisfied with?';
    case 'average':
      return lang === 'zh' ? '我们应改进哪方面的工作？' : 'What should we improve in our work?';
  }
}

/**
 * (3) 结束 — the closing matched to the answer, with the wish.
 *
 * @example
 * scriptClosing({ company: { zh: '皇家卫士', en: 'Royal Guard' }, customerName: '王', serviceItem: '常规保养', serviceDate: '2026-12-01T10:00:00+08:00', timeZone: 'Asia/Shanghai' }, 'satisfied')
 * //=> '感谢您的答复，您如果需要什么帮助，可随时跟我们取得联系，祝您开车愉快，再见！'
 */
export function scriptClosing(p: ScriptParams, satisfaction: Satisfaction, lang: ScriptLanguage = 'zh'): string {
  const wish = scriptWish(p.occasion, lang);
  if (satisfaction === 'satisfied') {
    return lang === 'zh'
      ? `感谢您的答复，您如果需要什么帮助，可随时跟我们取得联系，祝您${wish}，再见！`
      : `Thank you for your answer. If you need any help, you can contact us at any time. We wish you ${wish}. Goodbye!`;
  }
  return lang === 'zh'
    ? `非常谢谢您的反映，这一点我们的确做得不够，我们很快就会有改进的，希望您监督，祝您${wish}，再见！`
    : `Thank you very much for telling us. We have indeed fallen short here; we will improve soon, and we hope you will hold us to it. We wish you ${wish}. Goodbye!`;
}

/**
 * The SMS of an SMS visit (回访方式：短信业务): the exchange as a message, with the reply codes,
 * the reply window and the opt-out word (回复TD退订 / STOP) that Chinese SMS rules require.
 *
 * @example
 * scriptSms({ company: { zh: '皇家卫士', en: 'Royal Guard' }, customerName: '王', salutation: 'mr', serviceItem: '常规保养', serviceDate: '2026-12-01T10:00:00+08:00', timeZone: 'Asia/Shanghai' }, 24)
 * //=> '【皇家卫士】王先生您好！感谢您在2026年12月1日接受了我们皇家卫士的常规保养服务项目，请问您对常规保养服务项目满意吗？请在24小时内回复：1 满意，2 一般，3 不满意，欢迎附上您的建议。祝您开车愉快！回复TD退订'
 */
export function scriptSms(p: ScriptParams, replyWindowHours: number, lang: ScriptLanguage = 'zh'): string {
  const who = addressCustomer(p, lang);
  const date = scriptDate(p.serviceDate, p.timeZone, lang);
  const what = item(p, lang);
  const wish = scriptWish(p.occasion, lang);
  return lang === 'zh'
    ? `【${p.company.zh}】${who}您好！感谢您在${date}接受了我们${p.company.zh}的${what}服务项目，请问您对${what}服务项目满意吗？请在${replyWindowHours}小时内回复：1 满意，2 一般，3 不满意，欢迎附上您的建议。祝您${wish}！回复TD退订`
    : `[${p.company.en}] Dear ${who}, thank you for choosing the ${what} service of ${p.company.en} on ${date}. Are you satisfied with it? Please reply within ${replyWindowHours} hours: 1 satisfied, 2 average, 3 dissatisfied, and add any suggestion. We wish you ${wish}! Reply STOP to opt out.`;
}

/** What an SMS reply says. */
export type SmsReply =
  | { readonly kind: 'answer'; readonly satisfaction: Satisfaction; readonly text?: string }
  | { readonly kind: 'opt-out' }
  | { readonly kind: 'unknown'; readonly text: string };

const OPT_OUT = /^(td|t|stop|unsubscribe|退订)$/i;

/**
 * Read a customer's reply to {@link scriptSms}: 1/2/3 and an optional suggestion, or the opt-out word.
 *
 * @example
 * parseSmsReply('1 服务很好') //=> { kind: 'answer', satisfaction: 'satisfied', text: '服务很好' }
 * parseSmsReply('TD') //=> { kind: 'opt-out' }
 */
export function parseSmsReply(reply: string): SmsReply {
  const text = reply.trim();
  if (OPT_OUT.test(text)) return { kind: 'opt-out' };
  const match = /^([123])[\s,,.。::、]*([\s\S]*)$/.exec(text);
  if (!match) return { kind: 'unknown', text };
  const satisfaction = (['satisfied', 'average', 'dissatisfied'] as const)[Number(match[1]) - 1]!;
  const rest = match[2]!.trim();
  return rest ? { kind: 'answer', satisfaction, text: rest } : { kind: 'answer', satisfaction };
}

/**
 * The script parameters of a visit.
 *
 * @example
 * scriptParamsOf(actor.getSnapshot().context).company.zh //=> '皇家卫士'
 */
export function scriptParamsOf(context: ReturnVisitContext): ScriptParams {
  return {
    company: context.policy.company,
    customerName: context.customer.name,
    ...(context.customer.salutation ? { salutation: context.customer.salutation } : {}),
    serviceItem: context.service.item,
    ...(context.service.itemEn ? { serviceItemEn: context.service.itemEn } : {}),
    serviceDate: context.service.completedAt,
    timeZone: context.customer.timeZone,
    occasion: context.occasion,
  };
}

/**
 * The line the agent says now, from the visit's script step (RV-SCRIPT); `undefined` outside a call.
 *
 * @example
 * scriptLine(actor.getSnapshot().context) //=> '您好我是皇家卫士的客服代表，请问您是王先生吗？打扰您了。'
 */
export function scriptLine(context: ReturnVisitContext, lang: ScriptLanguage = 'zh'): string | undefined {
  const p = scriptParamsOf(context);
  const satisfaction = context.draft.satisfaction;
  switch (context.scriptStep) {
    case 'opening':
      return scriptOpening(p, lang);
    case 'satisfaction':
      return scriptExchange(p, lang);
    case 'suggestion':
    case 'aspect':
      return satisfaction && scriptFollowUp(satisfaction, lang);
    case 'closing':
      return satisfaction && scriptClosing(p, satisfaction, lang);
    default:
      return undefined;
  }
}

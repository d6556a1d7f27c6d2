import * as z from 'zod/mini';
import { BusinessCalendarSchema, DeadlineThresholdSchema, QuietHoursSchema } from '../time/index.js';
import { builtinRoles, RoleNameSchema } from '../roles/principal.js';
import { kefuMachineKeys, permissionTableOf } from './permissions.js';
import { defaultLimits, LimitsSchema } from './limits.js';

/** Default phrase lists of CP-LANGUAGE beyond the refusals (our lists, from the documents' 投诉处理准则). Internal: `defaultPolicy.language` is the public face. */
export const DEFAULT_RASH_PROMISES = ['我保证', '一定修好', '绝对没问题', '肯定没问题', '百分之百', '包您满意'] as const;
export const DEFAULT_BLAME_SHIFTING = ['不关我的事', '不是我们的责任', '这是厂家的问题', '您找别人', '找别的部门', '这不是我负责的'] as const;
export const DEFAULT_DOUBTING_CUSTOMER = ['您是不是记错了', '是不是您自己弄坏的', '您确定吗', '不可能出现这种问题', '您是不是在撒谎'] as const;
export const DEFAULT_POLITE_EXCEPTIONS = ['不知道您', '不知道是否', '不知道能否', '如果不行', '不行的话'] as const;

const positive = (what: string) => z.number().check(z.positive(`${what} must be a positive number`));
const positiveInt = (what: string) => z.int().check(z.positive(`${what} must be a positive whole number`));

/** A department of the host's directory: a complaint's responsible department, a transfer target. */
export const DepartmentSchema = z.strictObject({
  /** Stable id used in events, e.g. `repair`. */
  id: z.string().check(z.minLength(1)),
  /** Name in Chinese, e.g. 维修部. */
  zh: z.string().check(z.minLength(1)),
  /** Name in English. */
  en: z.string().check(z.minLength(1)),
  /** What kind of cause the department answers for (CP-INVESTIGATE routing). */
  handles: z._default(z.enum(['repair-quality', 'service', 'product', 'other']), 'other'),
});

/**
 * Who may take which step (ROLE-PERMIT). Each machine carries its default permissions;
 * `permissions` holds the host's overrides: for a machine, the roles that may send an event. An
 * unknown machine, event or role is refused with its path (e.g.
 * `roles.permissions.complaint.SUPERVISOR.APROVE`). Event names are checked against the tables of
 * the machines loaded: an override of one of kefu's machines whose module is not loaded yet is
 * checked when it is (its input parses the policy), and `kefu policy --check` loads them all.
 */
export const RolesPolicySchema = z.strictObject({
  /**
   * Whether roles are enforced. `false` lets any caller, or none, take every step: only for a
   * host that does not authenticate its users, and it gives up ROLE-PERMIT and the principal
   * checks of CP-PROPOSE (four eyes) and CP-SIGNOFF (the customer's own signature). @default true
   */
  enforce: z.boolean(),
  /** The host's own roles, beyond the built-in ones (e.g. `teamLead`). @default [] */
  extraRoles: z.array(RoleNameSchema).check(z.refine((r) => new Set(r).size === r.length, 'roles are listed once')),
  /** Overrides of the machines' default tables: machine (permission key) → event type → roles that may send it. @default {} (every machine's own table, from the documents) */
  permissions: z.record(z.string(), z.record(z.string(), z.array(RoleNameSchema).check(z.minLength(1, 'at least one role may take a step')))),
}).check(
  z.superRefine((roles, ctx) => {
    const known = new Set<string>([...builtinRoles, ...roles.extraRoles]);
    for (const [machine, table] of Object.entries(roles.permissions)) {
      const events = permissionTableOf(machine);
      if (!events && !kefuMachineKeys.includes(machine)) {
        ctx.addIssue({ code: 'custom', path: ['permissions', machine], message: `unknown machine "${machine}" (a host machine's module must be loaded first)` });
        continue;
      }
      for (const [event, allowed] of Object.entries(table)) {
        if (events && !Object.hasOwn(events, event)) {
          ctx.addIssue({ code: 'custom', path: ['permissions', machine, event], message: `unknown event "${event}" of ${machine}` });
          continue;
        }
        allowed.forEach((role, i) => {
          if (!known.has(role)) {
            ctx.addIssue({ code: 'custom', path: ['permissions', machine, event, i], message: `unknown role "${role}" (add it to roles.extraRoles)` });
          }
        });
      }
    }
  }),
);

/** Schema of the whole policy; `definePolicy` validates overrides with it. */
export const PolicySchema = z.strictObject({
  /** The department's time zone, working hours, holidays and 调休 make-up days (default zone Asia/Shanghai). */
  calendar: BusinessCalendarSchema,
  /** The company name used in scripts (回访用语 “我是××的客服代表”). */
  company: z.strictObject({ zh: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) }),
  /** The host's directory of departments (CP-ASSESS, CP-INVESTIGATE, CALL-TRANSFER). */
  departments: z.array(DepartmentSchema).check(z.minLength(1, 'at least one department is needed')),
  /** Complaint handling deadlines (CP-TIMELINE). */
  complaint: z.strictObject({
    /** Register-to-acknowledge limit, in working hours (即时受理). @default 1 */
    acknowledgeWithinWorkingHours: positive('acknowledgeWithinWorkingHours'),
    /** Time to assess whether the complaint stands, in working hours (our default). @default 4 */
    assessWithinWorkingHours: positive('assessWithinWorkingHours'),
    /** A result is promised within this many working days of registration (迅速有结果). @default 3 */
    resultWithinWorkingDays: positiveInt('resultWithinWorkingDays'),
    /** Longest investigation period an agent may ask the customer for, in working days (our default). @default 5 */
    maxInvestigationWorkingDays: positiveInt('maxInvestigationWorkingDays'),
    /** Time for the supervisor's approval (及时作出批示), in working hours (our default). @default 8 */
    approveWithinWorkingHours: positive('approveWithinWorkingHours'),
    /** Follow-up visit after implementation, in calendar days (RV-3DAY). @default 3 */
    followUpWithinDays: positiveInt('followUpWithinDays'),
    /** Review and filing, in working days (our default). @default 5 */
    reviewWithinWorkingDays: positiveInt('reviewWithinWorkingDays'),
    /**
     * Up to three thresholds per step deadline — warnings before it, escalation levels after it — e.g.
     * `[{ share: 0.75, notify: 'agent' }, { hoursBeforeDue: 1, notify: 'supervisor' }, { hoursAfterDue: 4, notify: 'head' }]`
     * (working hours; the follow-up visit's in calendar hours); the missed deadline itself always goes to the supervisor (our field). @default []
     */
    warnings: z._default(z.array(DeadlineThresholdSchema).check(
      z.maxLength(3, 'at most three thresholds: agent, supervisor, head of department'),
    ), []),
  }),
  /**
   * Phrases a reply to a customer must not hold (CP-LANGUAGE), by category, and the polite
   * constructions that contain one without being one. Matching is literal: see docs/language.md.
   */
  language: z.strictObject({
    /** Refusals (杜绝跟顾客说“不行、不知道、不可以等”). @default ['不行','不知道','不可以','不归我管','没办法'] */
    forbiddenPhrases: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
    /** Rash promises (不轻易承诺,不失言). @default ['我保证','一定修好','绝对没问题','肯定没问题','百分之百','包您满意'] */
    rashPromises: z._default(z.array(z.string().check(z.minLength(1))), [...DEFAULT_RASH_PROMISES]),
    /** Shifting the blame (不推卸责任). @default ['不关我的事','不是我们的责任','这是厂家的问题','您找别人','找别的部门','这不是我负责的'] */
    blameShifting: z._default(z.array(z.string().check(z.minLength(1))), [...DEFAULT_BLAME_SHIFTING]),
    /** Doubting the customer's honesty (不怀疑顾客的诚实品格). @default ['您是不是记错了','是不是您自己弄坏的','您确定吗','不可能出现这种问题','您是不是在撒谎'] */
    doubtingCustomer: z._default(z.array(z.string().check(z.minLength(1))), [...DEFAULT_DOUBTING_CUSTOMER]),
    /**
     * Polite constructions that contain a listed phrase but are not one (「不知道您对这次处理是否满意?」):
     * a listed phrase inside one of them is not a hit.
     * @default ['不知道您','不知道是否','不知道能否','如果不行','不行的话']
     */
    politeExceptions: z._default(z.array(z.string().check(z.minLength(1))), [...DEFAULT_POLITE_EXCEPTIONS]),
  }).check(
    z.superRefine((language, ctx) => {
      const seen = new Map<string, string>();
      for (const category of ['forbiddenPhrases', 'rashPromises', 'blameShifting', 'doubtingCustomer'] as const) {
        language[category].forEach((phrase, i) => {
          const other = seen.get(phrase);
          if (other && other !== category) ctx.addIssue({ code: 'custom', path: [category, i], message: `"${phrase}" is already listed in ${other}` });
          seen.set(phrase, other ?? category);
        });
      }
    }),
  ),
  /** Return visits (RV-*). */
  returnVisit: z.strictObject({
    /** A visit is due this many calendar days after the service (RV-3DAY). @default 3 */
    withinDays: positiveInt('withinDays'),
    /** Rest time in the customer's own zone (RV-QUIET). @default [['00:00','09:00'],['12:00','14:00'],['21:00','24:00']] */
    quietHours: QuietHoursSchema,
    /** Longest visit before it is flagged, minutes (RV-BRIEF). @default 5 */
    maxMinutes: positive('maxMinutes'),
    /** Days a do-not-call request is honoured (six-month rule of Chinese telesales regulation). @default 180 */
    doNotCallDays: positiveInt('doNotCallDays'),
    /** Phone attempts before an unreachable member gets an SMS (RV-MEMBER-100). @default 3 */
    retryAttempts: positiveInt('retryAttempts'),
    /** Hours between attempts. @default 4 */
    retrySpacingHours: positive('retrySpacingHours'),
    /** Hours an SMS visit waits for a reply before it counts as not reached. @default 24 */
    smsReplyWindowHours: positive('smsReplyWindowHours'),
    /** Months between maintenance reminders (定期友情提醒客户做车保养) (RV-OCCASION). @default 6 */
    maintenanceReminderMonths: positiveInt('maintenanceReminderMonths'),
  }),
  /** Calls (CALL-*). */
  call: z.strictObject({
    /** Seconds a transfer may ring before it fails back to the agent (Asterisk's default). @default 15 */
    transferTimeoutSeconds: positive('transferTimeoutSeconds'),
    /** Transfers between the same two departments before the call is flagged as ping-pong. @default 2 */
    pingPongLimit: positiveInt('pingPongLimit'),
    /** A promised callback is due within this many working hours (CALL-ETA). @default 4 */
    callbackWithinWorkingHours: positive('callbackWithinWorkingHours'),
  }),
  /** Walk-in reception (WALKIN). */
  walkIn: z.strictObject({
    /** A customer waiting longer than this many seconds to be greeted is flagged to the supervisor (主动服务; our default). @default 60 */
    greetWithinSeconds: positive('greetWithinSeconds'),
  }),
  /** Email (MAIL-24H). */
  email: z.strictObject({
    /** Reply due this many hours after receipt; never more than 24 elapsed hours, whatever the clock. @default 24 */
    replyWithinHours: positive('replyWithinHours').check(z.lte(24, 'the documents allow at most 24 hours')),
    /** Whether the hours are calendar hours or working hours of the calendar. @default 'calendar' */
    clock: z.enum(['calendar', 'business']),
    /**
     * Warnings before the reply is due and escalation levels after it, e.g.
     * `[{ share: 0.5, notify: 'agent' }, { hoursBeforeDue: 2, notify: 'supervisor' }, { hoursAfterDue: 4, notify: 'head' }]`
     * (our field; the breach itself always goes to the supervisor). @default []
     */
    warnings: z._default(z.array(DeadlineThresholdSchema), []),
    /**
     * Customer tiers (会员等级) with their own reply target, each at most 24 hours, e.g.
     * `{ member: { replyWithinHours: 8 } }`; a mail names its tier in `mail.tier` (our field). @default {}
     */
    tiers: z._default(
      z.record(
        z.string().check(z.minLength(1)),
        z.strictObject({ replyWithinHours: positive('replyWithinHours').check(z.lte(24, 'the documents allow at most 24 hours')) }),
      ),
      {},
    ),
  }),
  /** Online chat (CHAT-LIVE). */
  chat: z.strictObject({
    /** First response due within this many seconds. @default 60 */
    firstResponseSeconds: positive('firstResponseSeconds'),
    /** Each customer message is answered within this many seconds. @default 60 */
    nextResponseSeconds: positive('nextResponseSeconds'),
    /** An idle chat closes after this many minutes with a closing message. @default 10 */
    idleCloseMinutes: positive('idleCloseMinutes'),
    /** A chat transfer not accepted within this many seconds returns to the agent (CALL-TRANSFER, our default). @default 60 */
    transferTimeoutSeconds: positive('transferTimeoutSeconds'),
  }),
  /** Returns and exchanges (RETURN-POLICY). */
  returns: z.strictObject({
    /** Days after delivery a return may be requested. @default 7 */
    windowDays: positiveInt('windowDays'),
    /** Item categories the policy never takes back or exchanges, e.g. `perishable` (our default: none). @default [] */
    excludedCategories: z.array(z.string().check(z.minLength(1))),
  }),
  /** Orders (ORDER-TRACK). */
  orders: z.strictObject({
    /** A confirmed order not shipped within this many working days is escalated (our default). @default 2 */
    shipWithinWorkingDays: positiveInt('shipWithinWorkingDays'),
    /** A shipment with no tracking update for this many calendar hours is escalated (our default). @default 48 */
    trackingSilenceHours: positive('trackingSilenceHours'),
  }),
  /** Customer data (DATA-*). */
  data: z.strictObject({
    /** Days within which a newly assigned customer is contacted (DATA-WEEK). @default 7 */
    newCustomerContactDays: positiveInt('newCustomerContactDays'),
    /** How far apart the customer counts of two agents equally able to hold a customer may be (DATA-ASSIGN, our default). @default 1 */
    assignmentTolerance: z.int().check(z.nonnegative()),
  }),
  /** Staff summaries and assessment (STAFF-SUMMARY); every number is our default. */
  staff: z.strictObject({
    /** Weights of the monthly score's parts; parts an agent has no data for are left out and the rest re-weighted. */
    scoreWeights: z.strictObject({
      /** Share of handled items resolved. @default 0.3 */
      resolution: z.number().check(z.nonnegative()),
      /** Share of satisfied answers. @default 0.25 */
      satisfaction: z.number().check(z.nonnegative()),
      /** Items handled, relative to the busiest agent. @default 0.15 */
      volume: z.number().check(z.nonnegative()),
      /** Average quality-audit score (QA-AUDIT). @default 0.2 */
      quality: z.number().check(z.nonnegative()),
      /** Share of working days with a daily summary (每日总结). @default 0.1 */
      summaries: z.number().check(z.nonnegative()),
    }).check(z.refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be positive')),
    /** How many top ranks are rewarded (奖优). @default 1 */
    rewardTop: z.int().check(z.nonnegative()),
    /** How many bottom ranks are marked for improvement (罚劣). @default 1 */
    improveBottom: z.int().check(z.nonnegative()),
  }),
  /** Quality audits (QA-AUDIT); every number is our default. */
  quality: z.strictObject({
    /** Records sampled per audit. @default 10 */
    sampleSize: positiveInt('sampleSize'),
    /** A record passes with at least this score (0–100). @default 80 */
    passScore: z.number().check(z.gte(0), z.lte(100)),
    /** A standard failed by at least this share of sampled records is sent back for review (完善质量管理标准). @default 0.3 */
    reviewStandardFailRate: z.number().check(z.gte(0), z.lte(1)),
  }),
  /** Who may take which step (ROLE-PERMIT). @default enforced, with each machine's own table and no overrides */
  roles: z._default(RolesPolicySchema, { enforce: true, extraRoles: [], permissions: {} }),
  /** Bounds on events, inputs and stored cases: text and list sizes, envelope size, clock tolerance, year window (our defaults). */
  limits: z._default(LimitsSchema, defaultLimits),
});

/** The department's rules as numbers: deadlines, quiet hours, limits, phrases, calendar. */
export type Policy = z.output<typeof PolicySchema>;

/** A department of the host's directory. */
export type Department = z.output<typeof DepartmentSchema>;

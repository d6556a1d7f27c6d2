import { defaultCalendar } from '../time/index.js';
import { parseOrThrow, ValidationError } from '../errors/validation-error.js';
import { DEFAULT_BLAME_SHIFTING, DEFAULT_DOUBTING_CUSTOMER, DEFAULT_POLITE_EXCEPTIONS, DEFAULT_RASH_PROMISES, PolicySchema, type Policy } from './policy.schema.js';
import { defaultLimits } from './limits.js';

/** Recursively optional: what a host may override. Arrays are replaced whole. */
export type PolicyOverrides<T = Policy> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? PolicyOverrides<T[K]> : T[K];
};

/**
 * Every number of the rules, with the documents' values and ours where they give none
 * (each field's JSDoc says which).
 *
 * Written out whole, as {@link PolicySchema} would give it back (every default filled in), and not
 * parsed when kefu is imported: parsing it (the calendar's time zone through `Intl`, every phrase
 * list) cost a cold `import('kefu')` a fifth of its time. test/policy.test.ts
 * checks that parsing it returns it unchanged. Its nested objects are copies (`structuredClone`),
 * so freezing it freezes nothing else that kefu exports.
 */
export const defaultPolicy: Policy = deepFreeze(
  structuredClone({
    calendar: defaultCalendar,
    company: { zh: '皇家卫士', en: 'Royal Guard' },
    departments: [
      { id: 'repair', zh: '维修部', en: 'Repair', handles: 'repair-quality' },
      { id: 'service', zh: '客服部', en: 'Customer service', handles: 'service' },
      { id: 'sales', zh: '销售部', en: 'Sales', handles: 'product' },
      { id: 'parts', zh: '配件部', en: 'Parts', handles: 'product' },
      { id: 'finance', zh: '财务部', en: 'Finance', handles: 'other' },
    ],
    complaint: {
      acknowledgeWithinWorkingHours: 1,
      assessWithinWorkingHours: 4,
      resultWithinWorkingDays: 3,
      maxInvestigationWorkingDays: 5,
      approveWithinWorkingHours: 8,
      followUpWithinDays: 3,
      reviewWithinWorkingDays: 5,
      warnings: [],
    },
    language: {
      forbiddenPhrases: ['不行', '不知道', '不可以', '不归我管', '没办法'],
      rashPromises: [...DEFAULT_RASH_PROMISES],
      blameShifting: [...DEFAULT_BLAME_SHIFTING],
      doubtingCustomer: [...DEFAULT_DOUBTING_CUSTOMER],
      politeExceptions: [...DEFAULT_POLITE_EXCEPTIONS],
    },
    returnVisit: {
      withinDays: 3,
      quietHours: [
        ['00:00', '09:00'],
        ['12:00', '14:00'],
        ['21:00', '24:00'],
      ],
      maxMinutes: 5,
      doNotCallDays: 180,
      retryAttempts: 3,
      retrySpacingHours: 4,
      smsReplyWindowHours: 24,
      maintenanceReminderMonths: 6,
    },
    call: { transferTimeoutSeconds: 15, pingPongLimit: 2, callbackWithinWorkingHours: 4 },
    walkIn: { greetWithinSeconds: 60 },
    email: { replyWithinHours: 24, clock: 'calendar', warnings: [], tiers: {} },
    chat: { firstResponseSeconds: 60, nextResponseSeconds: 60, idleCloseMinutes: 10, transferTimeoutSeconds: 60 },
    returns: { windowDays: 7, excludedCategories: [] },
    orders: { shipWithinWorkingDays: 2, trackingSilenceHours: 48 },
    data: { newCustomerContactDays: 7, assignmentTolerance: 1 },
    staff: {
      scoreWeights: { resolution: 0.3, satisfaction: 0.25, volume: 0.15, quality: 0.2, summaries: 0.1 },
      rewardTop: 1,
      improveBottom: 1,
    },
    quality: { sampleSize: 10, passScore: 80, reviewStandardFailRate: 0.3 },
    // No overrides: each machine's own default table applies (machines/<name>/<name>.permissions.ts).
    roles: { enforce: true, extraRoles: [], permissions: {} },
    limits: defaultLimits,
  } satisfies Policy),
);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Merge a host's overrides into a policy (default: {@link defaultPolicy}) and validate the
 * result. Objects merge field by field; arrays are replaced whole.
 *
 * @throws {ValidationError} naming each bad field, e.g. `returnVisit.quietHours.0.1`, or an
 * unknown field.
 * @example
 * definePolicy({ returnVisit: { maxMinutes: 3 } }).returnVisit.maxMinutes //=> 3
 * definePolicy({ email: { replyWithinHours: -1 } }) // throws ValidationError: email.replyWithinHours
 */
export function definePolicy(overrides: PolicyOverrides = {}, base: Policy = defaultPolicy): Policy {
  return deepFreeze(parseOrThrow(PolicySchema, merge(base, overrides), 'policy'));
}

/**
 * Look up a department of the policy's directory by id.
 *
 * @example
 * findDepartment(defaultPolicy, 'repair')?.zh //=> '维修部'
 */
export function findDepartment(policy: Policy, id: string) {
  return policy.departments.find((d) => d.id === id);
}

/**
 * Internal (not exported from `kefu`): throw the input `ValidationError` machines raise when an
 * input names a department the policy's directory does not have.
 */
export function assertKnownDepartment(policy: Policy, id: string | undefined, subject: string, path: string): void {
  if (id !== undefined && !findDepartment(policy, id)) {
    throw new ValidationError(subject, [{ path, message: `unknown department "${id}"` }]);
  }
}

import { describe, expect, it, vi } from 'vitest';
import { defaultCalendar } from 'kefu/time';
import { defaultLimits, defaultPolicy, definePolicy, findDepartment, isValidationError, PolicySchema, ValidationError } from 'kefu';
import { complaintPermissions } from '../machines/complaint/complaint.permissions.js';

describe('policy', () => {
  it('the default policy carries the numbers of the documents', () => {
    expect(defaultPolicy.returnVisit.withinDays).toBe(3);
    expect(defaultPolicy.email.replyWithinHours).toBe(24);
    expect(defaultPolicy.chat.firstResponseSeconds).toBe(60);
    expect(defaultPolicy.returns.windowDays).toBe(7);
    expect(defaultPolicy.language.forbiddenPhrases).toEqual(expect.arrayContaining(['不行', '不知道', '不可以']));
    expect(defaultPolicy.calendar.timeZone).toBe('Asia/Shanghai');
    expect(defaultPolicy.returnVisit.quietHours).toEqual([
      ['00:00', '09:00'],
      ['12:00', '14:00'],
      ['21:00', '24:00'],
    ]);
  });

  it('the default policy is written out as PolicySchema gives it back: parsing it changes nothing', () => {
    // It is not parsed at import (a cold import's cost): this is the check that it is valid and complete.
    const parsed = PolicySchema.parse(defaultPolicy);
    expect(parsed).toStrictEqual(defaultPolicy);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(defaultPolicy));
    // …and the same check fails for a default with a field the schema would fill or refuse.
    const { limits: _limits, ...withoutLimits } = defaultPolicy;
    expect(PolicySchema.parse(withoutLimits)).not.toStrictEqual(withoutLimits);
    expect(PolicySchema.safeParse({ ...defaultPolicy, calendar: { ...defaultCalendar, timeZone: 'Mars/Olympus' } }).success).toBe(false);
  });

  it("importing kefu validates nothing: the default policy's time zone is not looked up until a policy is defined", async () => {
    vi.resetModules();
    const zones = vi.spyOn(Intl, 'supportedValuesOf');
    try {
      const fresh = await import('kefu');
      expect(fresh.defaultPolicy.calendar.timeZone).toBe('Asia/Shanghai');
      expect(zones).not.toHaveBeenCalled();
      // The spy does see the lookup once a policy is validated.
      expect(() => fresh.definePolicy({ calendar: { timeZone: 'Mars/Olympus' } })).toThrow(/calendar\.timeZone/);
      expect(zones).toHaveBeenCalledWith('timeZone');
    } finally {
      zones.mockRestore();
    }
  });

  it('the default policy is frozen throughout, and freezing it froze none of the exports it copies', () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    // No overrides: each machine carries its own default table (machines/<name>/<name>.permissions.ts).
    expect(defaultPolicy.roles.permissions).toEqual({});
    expect(Object.isFrozen(defaultPolicy.roles.permissions)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.calendar.workingPeriods.mon[0])).toBe(true);
    expect(Object.isFrozen(complaintPermissions)).toBe(false);
    expect(defaultPolicy.limits).toStrictEqual(defaultLimits);
    expect(defaultPolicy.calendar).toStrictEqual(defaultCalendar);
  });

  it('definePolicy merges overrides field by field and replaces arrays', () => {
    const policy = definePolicy({ returnVisit: { maxMinutes: 3 }, language: { forbiddenPhrases: ['不行'] } });
    expect(policy.returnVisit.maxMinutes).toBe(3);
    expect(policy.returnVisit.withinDays).toBe(3);
    expect(policy.language.forbiddenPhrases).toEqual(['不行']);
    expect(Object.isFrozen(policy.returnVisit)).toBe(true);
  });

  it.each([
    ['negative hours', { email: { replyWithinHours: -1 } }, 'email.replyWithinHours'],
    ['more than the documents allow', { email: { replyWithinHours: 48 } }, 'email.replyWithinHours'],
    ['an unknown field', { returnVisit: { quietHour: [] } }, 'returnVisit.quietHour'],
    ['quiet hours at 25:00', { returnVisit: { quietHours: [['21:00', '25:00']] } }, 'returnVisit.quietHours.0.1'],
    ['an unknown time zone', { calendar: { timeZone: 'Mars/Olympus' } }, 'calendar.timeZone'],
  ])('definePolicy rejects %s and names the field', (_label, overrides, field) => {
    let error: unknown;
    try {
      definePolicy(overrides as never);
    } catch (e) {
      error = e;
    }
    expect(isValidationError(error)).toBe(true);
    expect((error as ValidationError).fields).toContain(field);
    expect((error as ValidationError).message).toContain(field);
  });

  it('findDepartment looks up the directory', () => {
    expect(findDepartment(defaultPolicy, 'repair')?.zh).toBe('维修部');
    expect(findDepartment(defaultPolicy, 'nowhere')).toBeUndefined();
  });
});

import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Period,
  type QuietHours,
  QuietHoursSchema,
  isQuietTime,
  nextAllowedMoment,
  quietRangeAt,
} from 'kefu/time';

/** Night, lunch and evening, as in the brief. */
const quiet: QuietHours = [
  ['00:00', '09:00'],
  ['12:00', '14:00'],
  ['21:00', '24:00'],
];

describe('documented examples', () => {
  it('QuietHoursSchema: documented example', () => {
    expect(
      QuietHoursSchema.parse([
        ['00:00', '09:00'],
        ['12:00', '14:00'],
        ['21:00', '24:00'],
      ]).length,
    ).toBe(3);
    expect(
      QuietHoursSchema.safeParse([
        ['00:00', '12:00'],
        ['12:00', '24:00'],
      ]).success,
    ).toBe(false);
    expectTypeOf<QuietHours>().toEqualTypeOf<Period[]>();
  });

  it('isQuietTime: documented example', () => {
    const quiet: QuietHours = [
      ['00:00', '09:00'],
      ['12:00', '14:00'],
      ['21:00', '24:00'],
    ];
    expect(isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Shanghai')).toBe(true);
    expect(isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Tokyo')).toBe(true);
    expect(isQuietTime(quiet, '2026-03-02T14:30:00+08:00', 'Asia/Shanghai')).toBe(false);
  });

  it('quietRangeAt: documented example', () => {
    const quiet: QuietHours = [
      ['00:00', '09:00'],
      ['21:00', '24:00'],
    ];
    expect(quietRangeAt(quiet, '2026-03-02T22:00:00+08:00', 'Asia/Shanghai')).toEqual([
      '21:00',
      '24:00',
    ]);
    expect(quietRangeAt(quiet, '2026-03-02T10:00:00+08:00', 'Asia/Shanghai')).toBeUndefined();
  });

  it('nextAllowedMoment: documented example', () => {
    const quiet: QuietHours = [
      ['00:00', '09:00'],
      ['21:00', '24:00'],
    ];
    expect(nextAllowedMoment(quiet, '2026-03-02T22:00:00+08:00', 'Asia/Shanghai')).toBe(
      '2026-03-03T01:00:00.000Z',
    );
  });
});

describe('quiet hours in Asia/Shanghai', () => {
  const zone = 'Asia/Shanghai';

  it('a range includes its start and excludes its end', () => {
    expect(isQuietTime(quiet, '2026-03-02T08:59:59.999+08:00', zone)).toBe(true);
    expect(isQuietTime(quiet, '2026-03-02T09:00:00+08:00', zone)).toBe(false);
    expect(isQuietTime(quiet, '2026-03-02T11:59:59.999+08:00', zone)).toBe(false);
    expect(isQuietTime(quiet, '2026-03-02T12:00:00+08:00', zone)).toBe(true);
    expect(isQuietTime(quiet, '2026-03-02T14:00:00+08:00', zone)).toBe(false);
    expect(isQuietTime(quiet, '2026-03-02T20:59:59.999+08:00', zone)).toBe(false);
    expect(isQuietTime(quiet, '2026-03-02T21:00:00+08:00', zone)).toBe(true);
    expect(isQuietTime(quiet, '2026-03-02T23:59:59.999+08:00', zone)).toBe(true);
  });

  it('nextAllowedMoment returns allowed time itself, as an ISO string in UTC', () => {
    expect(nextAllowedMoment(quiet, '2026-03-02T10:00:00+08:00', zone)).toBe(
      '2026-03-02T02:00:00.000Z',
    );
    expect(nextAllowedMoment(quiet, Date.parse('2026-03-02T02:00:00Z'), zone)).toBe(
      '2026-03-02T02:00:00.000Z',
    );
  });

  it('nextAllowedMoment moves to the end of the range', () => {
    expect(nextAllowedMoment(quiet, '2026-03-02T12:30:00+08:00', zone)).toBe(
      '2026-03-02T06:00:00.000Z', // 14:00
    );
    expect(nextAllowedMoment(quiet, '2026-03-02T03:00:00+08:00', zone)).toBe(
      '2026-03-02T01:00:00.000Z', // 09:00
    );
  });

  it('nextAllowedMoment chains 21:00–24:00 into the next day’s 00:00–09:00', () => {
    expect(nextAllowedMoment(quiet, '2026-03-02T21:00:00+08:00', zone)).toBe(
      '2026-03-03T01:00:00.000Z',
    );
    expect(nextAllowedMoment(quiet, '2026-03-02T23:59:59.999+08:00', zone)).toBe(
      '2026-03-03T01:00:00.000Z',
    );
    expect(quietRangeAt(quiet, '2026-03-02T23:30:00+08:00', zone)).toEqual(['21:00', '24:00']);
    expect(quietRangeAt(quiet, '2026-03-03T00:30:00+08:00', zone)).toEqual(['00:00', '09:00']);
  });

  it('nextAllowedMoment chains ranges that touch within a day', () => {
    const touching: QuietHours = [
      ['12:00', '13:00'],
      ['13:00', '14:00'],
    ];
    expect(nextAllowedMoment(touching, '2026-03-02T12:10:00+08:00', zone)).toBe(
      '2026-03-02T06:00:00.000Z',
    );
    expect(quietRangeAt(touching, '2026-03-02T12:10:00+08:00', zone)).toEqual(['12:00', '13:00']);
  });

  it('no quiet hours: every moment is allowed', () => {
    expect(isQuietTime([], '2026-03-02T03:00:00+08:00', zone)).toBe(false);
    expect(nextAllowedMoment([], '2026-03-02T03:00:00+08:00', zone)).toBe('2026-03-01T19:00:00.000Z');
  });
});

describe("quiet hours follow the customer's zone", () => {
  it('the same instant is quiet for a customer in Shanghai and allowed in London', () => {
    const at = '2026-03-02T22:00:00+08:00'; // 14:00 in London
    expect(isQuietTime(quiet, at, 'Asia/Shanghai')).toBe(true);
    expect(isQuietTime(quiet, at, 'Europe/London')).toBe(false);
    expect(nextAllowedMoment(quiet, at, 'Europe/London')).toBe('2026-03-02T14:00:00.000Z');
  });
});

describe('DST in America/New_York', () => {
  const zone = 'America/New_York';

  it('America/New_York: 21:00 before spring forward chains to 09:00 EDT (13:00Z), not 14:00Z', () => {
    // Saturday 2026-03-07 22:00 EST.
    expect(nextAllowedMoment(quiet, '2026-03-08T03:00:00Z', zone)).toBe('2026-03-08T13:00:00.000Z');
    expect(nextAllowedMoment(quiet, '2026-03-08T06:30:00Z', zone)).toBe('2026-03-08T13:00:00.000Z');
  });

  it('America/New_York: quiet hours are read in local time on the day after spring forward', () => {
    // 13:30Z is 09:30 EDT (allowed); with the winter offset it would be 08:30 (quiet).
    expect(isQuietTime(quiet, '2026-03-08T13:30:00Z', zone)).toBe(false);
    expect(isQuietTime(quiet, '2026-03-08T12:59:59.999Z', zone)).toBe(true);
  });

  it('America/New_York: on fall back, both 01:30s are quiet and quiet ends at 09:00 EST (14:00Z)', () => {
    expect(isQuietTime(quiet, '2026-11-01T05:30:00Z', zone)).toBe(true); // 01:30 EDT
    expect(isQuietTime(quiet, '2026-11-01T06:30:00Z', zone)).toBe(true); // 01:30 EST
    expect(quietRangeAt(quiet, '2026-11-01T06:30:00Z', zone)).toEqual(['00:00', '09:00']);
    expect(nextAllowedMoment(quiet, '2026-11-01T05:30:00Z', zone)).toBe('2026-11-01T14:00:00.000Z');
    // 13:30Z is 08:30 EST (quiet); with the summer offset it would be 09:30 (allowed).
    expect(isQuietTime(quiet, '2026-11-01T13:30:00Z', zone)).toBe(true);
    expect(isQuietTime(quiet, '2026-11-01T14:00:00Z', zone)).toBe(false);
  });
});

describe('validation', () => {
  it('rejects bad ranges with the index path', () => {
    const result = QuietHoursSchema.safeParse([
      ['00:00', '09:00'],
      ['21:00', '25:00'],
    ]);
    expect(result.error?.issues.map(({ path }) => path)).toEqual([[1, 1]]);
    const overlapping = QuietHoursSchema.safeParse([
      ['00:00', '09:00'],
      ['08:00', '10:00'],
    ]);
    expect(overlapping.error?.issues.map(({ path }) => path)).toEqual([[1]]);
    expect(QuietHoursSchema.safeParse([['00:00', '24:00']]).error?.issues[0]?.message).toBe(
      'quiet hours must leave part of the day allowed',
    );
  });

  it('functions name the bad argument', () => {
    expect(() => isQuietTime(quiet, 'tonight', 'Asia/Shanghai')).toThrow(
      new RangeError('invalid instant "tonight" for argument "at"'),
    );
    expect(() => nextAllowedMoment(quiet, 0, 'Asia/Beijing')).toThrow(
      new RangeError('invalid time zone "Asia/Beijing" for argument "timeZone"'),
    );
    expect(() => quietRangeAt('21:00-09:00' as unknown as QuietHours, 0, 'UTC')).toThrow(TypeError);
    expect(() =>
      isQuietTime([['09:00', '08:00']] as QuietHours, 0, 'UTC'),
    ).toThrow(/invalid quiet hours for argument "quietHours"/);
  });
});

describe('quiet hours are validated by content (issue 11)', () => {
  it('ranges edited in place are validated again: a widened range counts, a broken one is refused', () => {
    const quiet: [string, string][] = [['00:00', '09:00'], ['21:00', '24:00']];
    expect(isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Shanghai')).toBe(false);
    quiet.splice(1, 0, ['12:00', '14:00']);
    expect(isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Shanghai')).toBe(true);
    quiet[1] = ['14:00', '12:00'];
    expect(() => isQuietTime(quiet, '2026-03-02T12:30:00+08:00', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

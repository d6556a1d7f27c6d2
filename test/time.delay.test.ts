import { describe, expect, it } from 'vitest';
import { delayUntil, MAX_DELAY_MS } from 'kefu/time';

describe('delayUntil', () => {
  it('runs the documented examples', () => {
    expect(delayUntil('2026-12-01T10:00:00Z', '2026-12-01T09:00:00Z')).toBe(3_600_000);
    expect(delayUntil('2026-12-01T08:00:00Z', '2026-12-01T09:00:00Z')).toBe(0);
    expect(delayUntil(undefined, '2026-12-01T09:00:00Z')).toBe(2_147_483_647);
  });

  it('never exceeds what setTimeout can hold', () => {
    expect(delayUntil('2027-12-01T00:00:00Z', '2026-12-01T00:00:00Z')).toBe(MAX_DELAY_MS);
  });

  it('names the bad argument', () => {
    expect(() => delayUntil('soon', '2026-12-01T09:00:00Z')).toThrow(/"due"/);
  });
});

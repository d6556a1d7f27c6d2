import { describe, expect, it } from 'vitest';
import { quickstart } from '../examples/quickstart.js';

describe('examples/quickstart', () => {
  it('runs: refuses an anonymous step (ROLE-PERMIT), registers, is refused by CP-LANGUAGE, then assesses into investigation', () => {
    const lines: string[] = [];
    const snapshot = quickstart((l) => lines.push(l));
    expect(snapshot.value).toBe('investigate');
    expect(lines[0]).toMatch(/^refused by ROLE-PERMIT: .*who is acting is unknown; COMPLAINT.REGISTER is taken by agent/);
    expect(lines).toContain('refused by CP-LANGUAGE: [CP-LANGUAGE] Replies to customers must not refuse (不行, 不知道, 不可以), promise rashly, shift blame or doubt the customer\'s honesty: the reply contains "不知道" at 3 (refusal)');
    expect(lines.some((l) => l.startsWith('→ 投诉判断'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { walkthrough } from '../examples/complaint-walkthrough.js';

describe('examples/complaint-walkthrough', () => {
  it('prints the seven steps with their Chinese names, then the explanation branch', () => {
    const lines: string[] = [];
    const outputs = walkthrough((l) => lines.push(l));
    expect(outputs.map((o) => o?.outcome)).toEqual(['resolved', 'not-stands']);
    const text = lines.join('\n');
    for (const zh of ['投诉受理', '投诉判断', '展开调查', '提出处理方案', '实施处理方案', '处理后回访', '总结评价', '婉转答复']) {
      expect(text).toContain(zh);
    }
    expect(text).not.toContain('王先生');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { complaintMachine } from 'kefu';
import { toAscii, toMermaid, toSvg } from 'kefu/diagram';

// beautiful-mermaid is an optional peer dependency: here it is not installed.
vi.mock('beautiful-mermaid', () => {
  throw Object.assign(new Error("Cannot find package 'beautiful-mermaid'"), { code: 'ERR_MODULE_NOT_FOUND' });
});

describe('kefu/diagram without the optional beautiful-mermaid', () => {
  it('Mermaid text needs nothing', () => {
    expect(toMermaid(complaintMachine).startsWith('stateDiagram-v2\n')).toBe(true);
  });

  it('ASCII and SVG fail with a typed error saying what to install', async () => {
    for (const render of [toAscii, toSvg]) {
      const error = await render(complaintMachine).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'KefuError', code: 'KEFU_DIAGRAM_RENDERER' });
      expect((error as Error).message).toContain('npm install beautiful-mermaid');
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
  });
});

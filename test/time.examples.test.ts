/**
 * Every JSDoc `@example` of kefu/time and kefu/calendars/cn, run: each `//=> value` line is the
 * value of the expression just before it (a trailing "(…)" on the value is a comment), and
 * `//=> throws Name: message` means the expression throws that error. Every function these
 * entries export must have an example.
 */
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as cn from 'kefu/calendars/cn';
import * as time from 'kefu/time';
import { definePolicy } from 'kefu';

const scope: Record<string, unknown> = { ...time, ...cn, definePolicy };

const files = [
  'src/time/instant.ts',
  'src/time/calendar.ts',
  'src/time/coverage-error.ts',
  'src/time/sla.ts',
  'src/time/quiet.ts',
  'src/time/warnings.ts',
  'src/calendars/cn/index.ts',
];

interface Check {
  code: string;
  expected: string;
}

interface Example {
  file: string;
  name: string;
  checks: Check[];
}

/** The `@example` blocks of a file, each with the name of the export it documents. */
function examplesOf(file: string): Example[] {
  const source = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
  const out: Example[] = [];
  const doc = /\/\*\*([\s\S]*?)\*\/\s*export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|class|let)\s+(\w+)/g;
  for (const match of source.matchAll(doc)) {
    const [, body = '', name = ''] = match;
    const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    let inExample = false;
    let code: string[] = [];
    let checks: Check[] = [];
    const flush = () => {
      if (checks.length > 0) out.push({ file, name, checks });
      code = [];
      checks = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.startsWith('@')) {
        if (inExample) flush();
        inExample = line.startsWith('@example');
        continue;
      }
      if (!inExample) continue;
      const arrow = line.indexOf('//=>');
      if (arrow === -1) {
        code.push(line);
        continue;
      }
      if (arrow > 0) code.push(line.slice(0, arrow));
      let expected = line.slice(arrow + 4).trim();
      // A value continued on the next lines: `//     more`.
      while (i + 1 < lines.length && /^\/\/\s/.test(lines[i + 1]!) && !lines[i + 1]!.startsWith('//=>')) {
        expected += ' ' + lines[++i]!.slice(2).trim();
      }
      checks.push({ code: code.join('\n'), expected });
    }
    if (inExample) flush();
  }
  return out;
}

/** Runs `code` with the public exports in scope and returns the value of its last expression. */
function run(code: string): unknown {
  const js = transformSync(code, { loader: 'ts' }).code;
  // Direct eval inside `with` keeps the completion value and sees the exports as free names.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('scope', 'code', 'with (scope) { return eval(code); }')(scope, js);
}

function expectedValue(text: string): unknown {
  for (const candidate of [text, text.replace(/\s*\([^()]*\)\s*$/, '')]) {
    try {
      return new Function(`return (${candidate});`)();
    } catch {
      // try without the trailing comment
    }
  }
  throw new Error(`cannot read the documented value ${text}`);
}

const examples = files.flatMap(examplesOf);

describe('JSDoc @examples of kefu/time and kefu/calendars/cn', () => {
  it('finds the examples (the parser is not silently reading nothing)', () => {
    expect(examples.length).toBeGreaterThan(30);
  });

  it('every exported function of kefu/time and kefu/calendars/cn has an @example', () => {
    const documented = new Set(examples.map((e) => e.name));
    const functions = Object.entries({ ...time, ...cn })
      .filter(([, value]) => typeof value === 'function' && !/^[A-Z]/.test(String((value as { name?: string }).name)))
      .map(([name]) => name);
    expect(functions.length).toBeGreaterThan(20);
    expect(functions.filter((name) => !documented.has(name))).toEqual([]);
  });

  for (const example of examples) {
    it(`${example.file}: ${example.name}`, () => {
      for (const { code, expected } of example.checks) {
        const thrown = /^throws (\w+)(?::\s*(.*))?$/.exec(expected);
        if (thrown) {
          let error: unknown;
          try {
            run(code);
          } catch (e) {
            error = e;
          }
          expect(error, `${code}\n//=> ${expected}`).toBeInstanceOf(Error);
          expect((error as Error).name).toBe(thrown[1]);
          if (thrown[2]) expect((error as Error).message).toContain(thrown[2]);
        } else {
          expect(run(code), `${code}\n//=> ${expected}`).toEqual(expectedValue(expected));
        }
      }
    });
  }
});

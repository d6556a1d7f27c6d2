import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// "The README tells a new user the truth: every example compiles."
// Every ```ts block of README.md and docs/*.md is written, as it stands, to .tmp/readme-snippets/
// and type-checked in one program with the repository's own compiler options, so `kefu`,
// `kefu/time`, `kefu/machines/…` resolve to the sources through tsconfig.json's `paths`.
// A block that uses a name must declare or import it itself: nothing is added here.

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, '.tmp', 'readme-snippets');

interface Block {
  file: string; // e.g. README.md, docs/email.md
  index: number; // 1-based, per file
  line: number; // line of the opening fence
  code: string;
  path: string; // the .ts file it is written to
}

function extractBlocks(file: string): Block[] {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let open: { line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    if (open) {
      if (/^```\s*$/.test(text)) {
        const index = blocks.length + 1;
        const stem = file.replace(/\.md$/, '').replace(/[\\/]/g, '-');
        blocks.push({ file, index, line: open.line, code: open.body.join('\n') + '\n', path: join(outDir, `${stem}-block-${index}.ts`) });
        open = undefined;
      } else open.body.push(text);
    } else if (/^```(ts|typescript)\s*$/.test(text)) open = { line: i + 1, body: [] };
  });
  if (open) throw new Error(`${file}:${open.line}: unclosed code block`);
  return blocks;
}

const docs = readdirSync(join(root, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => `docs/${f}`);
const files = ['README.md', ...docs];
const blocks = files.flatMap(extractBlocks);

const label = (b: Block) => `${b.file} block ${b.index} (line ${b.line}): ${b.code.split('\n').find((l) => l.trim()) ?? ''}`;

function typeCheck(): Map<string, string[]> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // Each block is a module of its own (an `export {}` keeps top-level await and names local to it).
  for (const b of blocks) writeFileSync(b.path, /^\s*(import|export)\s/m.test(b.code) ? b.code : `${b.code}export {};\n`);

  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const program = ts.createProgram({
    rootNames: blocks.map((b) => b.path),
    options: { ...parsed.options, noEmit: true },
  });

  const byFile = new Map<string, string[]>(blocks.map((b) => [b.path, []]));
  const global: string[] = [];
  for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) {
    global.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  for (const b of blocks) {
    const sf = program.getSourceFile(b.path);
    if (!sf) {
      byFile.get(b.path)!.push('not in the program');
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      byFile
        .get(b.path)!
        .push(`  ${relative(root, b.path)}:${line + 1}:${character + 1} (${b.file}:${b.line + line + 1}) TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n    ')}`);
    }
  }
  if (global.length) throw new Error(`compiler options: ${global.join('\n')}`);
  return byFile;
}

describe('the code blocks of README.md and docs/*.md compile', () => {
  it('finds the blocks', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(6);
  });

  it('type-checks every ```ts block against the sources', () => {
    const diagnostics = typeCheck();
    const failures = blocks
      .filter((b) => diagnostics.get(b.path)!.length > 0)
      .map((b) => `${label(b)}\n${diagnostics.get(b.path)!.join('\n')}`);
    expect(failures.length, `${failures.length} block(s) do not compile:\n\n${failures.join('\n\n')}\n`).toBe(0);
  }, 300_000);
});

describe('README.md: the results shown in comments are true', () => {
  it('kefu/time: addWorkingHours and nextAllowedMoment', async () => {
    const { addWorkingHours, defaultCalendar, nextAllowedMoment } = await import('kefu/time');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = blocks.find((b) => b.file === 'README.md' && b.code.includes("from 'kefu/time'"))!;
    expect(block, 'the kefu/time block').toBeDefined();
    expect(readme).toContain(block.code.trim());

    const shown = [...block.code.matchAll(/\/\/=> '([^']+)'/g)].map((m) => m[1]);
    expect(shown).toHaveLength(2);
    expect(addWorkingHours(defaultCalendar, '2026-12-01T11:30:00+08:00', 1)).toBe(shown[0]);
    expect(nextAllowedMoment([['00:00', '09:00'], ['21:00', '24:00']], '2026-12-01T22:00:00+08:00', 'Asia/Shanghai')).toBe(shown[1]);
  });
});

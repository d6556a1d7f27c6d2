import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url));
const folders = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('every example folder has a README that says what it shows and how to run it', () => {
  it('finds the example folders', () => {
    expect(folders).toEqual(expect.arrayContaining(['inspector', 'react']));
  });

  it.each(folders)('examples/%s/README.md', (folder) => {
    const path = join(examplesDir, folder, 'README.md');
    expect(existsSync(path), `${path} is missing`).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^#+ .*(what it (shows|teaches))/im);
    expect(text).toMatch(/^#+ .*run it/im);
    expect(text).toMatch(/npx tsx examples\//);
  });
});

import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { bundleBudgetBytes, measureBundle } from '../bench/package.js';

describe('bundle size budget (root + complaint, minified and gzipped, xstate external)', () => {
  it('stays within 40,000 bytes (40 KB = 40,000 bytes), with zod/mini (not classic zod) and no zod locale in it', async () => {
    expect(bundleBudgetBytes).toBe(40_000);
    const size = await measureBundle();
    expect(size.gzipped, `${size.gzipped} bytes min+gz; largest parts: ${JSON.stringify(size.parts.slice(0, 5))}`).toBeLessThanOrEqual(bundleBudgetBytes);
    // zod's locale data was half the minified bundle: `import { z } from 'zod'` keeps every locale.
    // Not even English is in it: kefu gives zod's issues its own English (src/errors/zod-locale.ts,
    // the text of zod's `en` for every issue kefu's schemas raise: test/zod-locale.test.ts).
    expect(size.inputs.filter((f) => /zod\/v4\/locales\//.test(f))).toEqual([]);
    // Classic zod does not tree-shake (every schema carries every method): one module importing it
    // brings all of it back. The schemas are on zod/mini.
    expect(size.inputs.filter((f) => /zod\/v4\/classic\//.test(f))).toEqual([]);
    expect(size.inputs).toContainEqual(expect.stringMatching(/zod\/v4\/mini\/schemas\.js$/));
    // @date-fns/tz's barrel keeps TZDate (the root entry only needs tzOffset): import the subpath.
    expect(size.inputs.filter((f) => /@date-fns\/tz\/date\//.test(f))).toEqual([]);
  }, 300_000);

  it("every module imports zod/mini as a namespace (`import * as z from 'zod/mini'`), never classic zod", () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'machines']) {
      for (const file of readdirSync(new URL(`../${dir}/`, import.meta.url), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        const text = readFileSync(new URL(`../${dir}/${file}`, import.meta.url), 'utf8');
        // classic `zod` (or `zod/v4`) anywhere, or a named import of zod/mini (`{ z }` keeps every locale)
        if (/from 'zod(\/v4)?'/.test(text) || /^import (type )?\{[^}]*\} from 'zod\/mini';$/m.test(text)) offenders.push(`${dir}/${file}`);
      }
    }
    expect(offenders, "write `import * as z from 'zod/mini'`").toEqual([]);
  });
});

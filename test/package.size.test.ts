import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { bundleBudgetBytes, measureBundle } from '../bench/package.js';

describe('bundle size budget (root + complaint, minified and gzipped, xstate external)', () => {
  it(`stays within ${bundleBudgetBytes / 1024} KB, with no zod locale but English in it`, async () => {
    const size = await measureBundle();
    expect(size.gzipped, `${(size.gzipped / 1024).toFixed(1)} KB min+gz; largest parts: ${JSON.stringify(size.parts.slice(0, 5))}`).toBeLessThanOrEqual(bundleBudgetBytes);
    // zod's locale data was half the minified bundle: `import { z } from 'zod'` keeps every locale,
    // `import * as z from 'zod'` lets the bundler drop all but English.
    const locales = size.inputs.filter((f) => /zod\/v4\/locales\//.test(f));
    expect(locales).toEqual([expect.stringMatching(/zod\/v4\/locales\/en\.js$/)]);
  }, 300_000);

  it('every module imports zod as a namespace (`import * as z`), which lets bundlers drop the locales', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'machines']) {
      for (const file of readdirSync(new URL(`../${dir}/`, import.meta.url), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        if (/^import \{[^}]*\bz\b[^}]*\} from 'zod';$/m.test(readFileSync(new URL(`../${dir}/${file}`, import.meta.url), 'utf8'))) offenders.push(`${dir}/${file}`);
      }
    }
    expect(offenders, "write `import * as z from 'zod'`").toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as z from 'zod/mini';
import { isValidationError, parseOrThrow, ValidationError } from 'kefu';

describe('parseOrThrow', () => {
  it('a missing value is refused with the subject named, every time (the error is reused: XState builds an input-less actor per transition())', () => {
    const schema = z.strictObject({ caseId: z.string() });
    const first = (() => { try { parseOrThrow(schema, undefined, 'demo input'); } catch (e) { return e; } })();
    const second = (() => { try { parseOrThrow(schema, undefined, 'demo input'); } catch (e) { return e; } })();
    expect(isValidationError(first)).toBe(true);
    expect((first as ValidationError).message).toMatch(/^invalid demo input: /);
    expect(second).toBe(first);
    const other = (() => { try { parseOrThrow(schema, undefined, 'other input'); } catch (e) { return e; } })();
    expect((other as ValidationError).subject).toBe('other input');
  });

  it('a present but malformed value gets its own error naming the field', () => {
    const schema = z.strictObject({ caseId: z.string() });
    expect(() => parseOrThrow(schema, { caseId: 1 }, 'demo input')).toThrow(/caseId/);
    expect(parseOrThrow(schema, { caseId: 'C-1' }, 'demo input')).toEqual({ caseId: 'C-1' });
  });

  it("takes a host's own schema written with classic zod as well as zod/mini, with the same English messages", () => {
    const schema = classic.strictObject({ caseId: classic.string().min(1) });
    expect(parseOrThrow(schema, { caseId: 'C-1' }, 'host input')).toEqual({ caseId: 'C-1' });
    const error = (() => { try { parseOrThrow(schema, { caseId: 1 }, 'host input'); } catch (e) { return e; } })() as ValidationError;
    expect(error.issues).toEqual([{ path: 'caseId', message: 'Invalid input: expected string, received number' }]);
    const mini = (() => { try { parseOrThrow(z.strictObject({ caseId: z.string() }), { caseId: 1 }, 'host input'); } catch (e) { return e; } })() as ValidationError;
    expect(mini.issues).toEqual(error.issues);
  });
});

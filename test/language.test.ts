import { describe, expect, it } from 'vitest';
import { checkReplyLanguage, defaultPolicy, findForbiddenPhrases } from 'kefu';

describe('CP-LANGUAGE reply check', () => {
  it('CP-LANGUAGE: finds each forbidden phrase with its position (documented example)', () => {
    expect(findForbiddenPhrases('这个不行,我也不知道', ['不行', '不知道'])).toEqual([
      { phrase: '不行', index: 2 },
      { phrase: '不知道', index: 7 },
    ]);
  });

  it('CP-LANGUAGE: a clean reply passes', () => {
    expect(checkReplyLanguage('您好,我们马上为您处理。', defaultPolicy.language.forbiddenPhrases)).toBeUndefined();
  });

  it('CP-LANGUAGE: 不可以 in a reply is named in the violation', () => {
    const v = checkReplyLanguage('这样不可以的', defaultPolicy.language.forbiddenPhrases);
    expect(v?.rule).toBe('CP-LANGUAGE');
    expect(v?.details).toEqual({ phrases: [{ phrase: '不可以', index: 2 }] });
    expect(v?.message.zh).toContain('“不可以”');
  });

  it('a phrase inside a longer listed phrase is reported once, as the longer one', () => {
    expect(findForbiddenPhrases('我不知道', ['知道', '不知道'])).toEqual([{ phrase: '不知道', index: 1 }]);
  });
});

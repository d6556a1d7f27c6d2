import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * Give zod's issues English messages unless the host already chose a locale.
 *
 * Classic `zod` sets English on its first schema; `zod/mini`, which kefu's schemas use, sets no
 * locale, and every issue would read "Invalid input". kefu's field refusals and prettified errors
 * are English, so each module that reports zod issues calls this at load (the validation errors
 * and `kefu/time`, which has its own entry). `en` is imported by name: `z.locales.en` would keep
 * all 60-odd locales in a bundle. Internal: not exported from any entry.
 */
export function useEnglishZodMessages(): void {
  if (!z.config().localeError) z.config(en());
}

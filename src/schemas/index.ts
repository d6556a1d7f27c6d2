import * as z from 'zod/mini';
// `z.iso.datetime()` would keep all of zod's `iso` namespace (durations and times too) in a bundle:
// the same factories, imported by name.
import { _isoDateTime } from 'zod/v4/core';

/**
 * An ISO-8601 date-time with an offset or `Z`, e.g. `2026-12-01T09:30:00+08:00`.
 * Events carry such a string in `at`, set by the host's clock, never by the end customer.
 */
export const IsoDateTimeSchema = _isoDateTime(z.ZodMiniISODateTime, { offset: true, message: 'expected an ISO-8601 date-time with offset, e.g. 2026-12-01T09:30:00+08:00' });

// One schema of a local date for the whole library (kefu/time's), so every date is refused alike.
export { LocalDateSchema } from '../time/calendar.js';

/** A non-empty trimmed text. */
export const TextSchema = z.string().check(z.trim(), z.minLength(1, 'must not be empty'));

/** A phone number: digits with an optional leading + and separators, 5–20 digits. */
export const PhoneSchema = z.string().check(
  z.trim(),
  z.regex(/^\+?[0-9][0-9 \-()]{3,24}$/, 'expected a phone number'),
  z.refine((p) => {
    const digits = p.replace(/\D/g, '').length;
    return digits >= 5 && digits <= 20;
  }, 'expected 5–20 digits'),
);

/** How the customer can be reached: a phone number, an email address, or both. */
export const ContactSchema = z.strictObject({
  phone: z.optional(PhoneSchema),
  email: z.optional(z.email('expected an email address')),
}).check(
  z.refine((c) => c.phone !== undefined || c.email !== undefined, 'a phone number or an email address is needed'),
);

/** How a customer can be reached. */
export type Contact = z.output<typeof ContactSchema>;

/** A channel a contact arrives by (CALL-CLASSIFY, 渠道). */
export const ChannelSchema = z.enum(['phone', 'email', 'chat', 'visit', 'letter', 'web']);

/** A channel a contact arrives by. */
export type Channel = z.output<typeof ChannelSchema>;

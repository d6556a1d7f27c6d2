/**
 * Times as the viewer reads them: in the browser's own time zone and locale (Intl), whatever
 * zone the case's business calendar is in. Lists show the short form; the zone is shown once
 * per panel (`zoneLabel`) and on every due time.
 */

/** The viewer's IANA time zone, e.g. `Europe/Berlin`. */
export const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const short = new Intl.DateTimeFormat(undefined, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const withZone = new Intl.DateTimeFormat(undefined, { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
const offset = new Intl.DateTimeFormat(undefined, { timeZoneName: 'shortOffset' });

/** `12/2 03:20` in a Chinese browser in Berlin. */
export const formatTime = (iso: string): string => short.format(new Date(iso));

/** `12/2周三 GMT+1 03:20`: with the weekday and the zone, for due times. */
export const formatLocal = (iso: string): string => withZone.format(new Date(iso));

/** `Europe/Berlin (GMT+1)` at the given instant. */
export const zoneLabel = (at: number): string =>
  `${viewerZone} (${offset.formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value ?? ''})`;

/** The same instant in another zone (the customer's), e.g. for a call. */
export const formatIn = (iso: string, timeZone: string): string =>
  new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** `3 小时后` / `in 3 hours`, `2 天前` / `2 days ago`, against the console's clock. */
export function formatRelative(iso: string, now: number): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const abs = Math.abs(minutes);
  if (abs < 60) return relative.format(minutes, 'minute');
  if (abs < 48 * 60) return relative.format(Math.round(minutes / 60), 'hour');
  return relative.format(Math.round(minutes / 1440), 'day');
}

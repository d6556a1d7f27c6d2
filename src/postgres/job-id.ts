import { createHash } from 'node:crypto';

/** Job ids of recent timer ids, oldest first. */
const ids = new Map<string, string>();
const ID_MEMO = 4096;

/**
 * A deterministic UUID (RFC 4122 version 5 layout, SHA-1 of a kefu namespace and the name) for
 * a timer's stable id, so the pg-boss job of a timer can be replaced or cancelled by id.
 *
 * @example
 * jobIdFor('C-1#xstate.after.assessDeadline.complaint.assess') // the same UUID every time
 */
export function jobIdFor(timerId: string): string {
  const known = ids.get(timerId);
  if (known !== undefined) return known;
  const id = computeJobId(timerId);
  // Most events schedule or cancel timers of a case written a moment before: a bounded memo saves two SHA-1 rounds.
  if (ids.size >= ID_MEMO) ids.delete(ids.keys().next().value!);
  ids.set(timerId, id);
  return id;
}

function computeJobId(timerId: string): string {
  const hash = createHash('sha1').update('kefu.timer:').update(timerId).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

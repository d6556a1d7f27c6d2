import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { CaseEnvelope } from './envelope.types.js';

/** A key signing a machine's envelopes: text (at least 32 characters) or bytes (at least 32). */
export type SigningKey = string | Uint8Array;

const PREFIX = 'hmac-sha256:';

/** Throw unless `key` is long enough to be a secret. Internal. */
export function assertSigningKey(key: SigningKey): void {
  const length = typeof key === 'string' ? key.length : key.byteLength;
  if (length < 32) throw new RangeError('a signing key needs at least 32 characters (or bytes)');
}

/**
 * JSON with object keys sorted at every level: the same text for the same data, whatever order
 * the keys come back in (PostgreSQL's `jsonb` reorders them).
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The HMAC of an envelope (its `signature` left out). Internal. */
export function signatureOf(envelope: CaseEnvelope, key: SigningKey): string {
  const { signature: _ignored, ...rest } = envelope as CaseEnvelope & { signature?: string };
  const mac = hmac(sha256, typeof key === 'string' ? utf8ToBytes(key) : key, utf8ToBytes(canonical(rest)));
  return PREFIX + bytesToHex(mac);
}

/** Whether an envelope carries the signature `key` gives it (compared in constant time). Internal. */
export function hasValidSignature(envelope: CaseEnvelope, key: SigningKey): boolean {
  const given = (envelope as CaseEnvelope & { signature?: unknown }).signature;
  if (typeof given !== 'string') return false;
  const expected = signatureOf(envelope, key);
  if (given.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** Whether an envelope carries the signature of one of `keys`. Internal. */
export function signedByAny(envelope: CaseEnvelope, keys: readonly SigningKey[]): boolean {
  return keys.some((key) => hasValidSignature(envelope, key));
}

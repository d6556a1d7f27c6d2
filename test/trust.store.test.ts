import { describe, expect, it } from 'vitest';
import { complaintMachine } from 'kefu';
import { createCaseRuntime, InMemoryCaseStore, isConflictError, isStoreUnavailableError, StoreUnavailableError, type CaseStore } from 'kefu/runtime';
import { connectPostgres, PostgresCaseStore } from 'kefu/postgres';
import { form, happyPath, T } from './support/complaint.js';

const driverError = (code: string, message = `driver says ${code}`) => Object.assign(new Error(message), { code });

/** An in-memory store whose `method` fails with `error` from now on. */
function failing(method: 'load' | 'save' | 'update' | 'create' | 'worklist' | 'projectionBatch' | 'writeWorklist', error: unknown) {
  const store = new InMemoryCaseStore();
  let broken = false;
  const original = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!.bind(store);
  (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (broken ? Promise.reject(error) : original(...args));
  return { store, breakNow: () => void (broken = true) };
}

async function opened(store: CaseStore<unknown>) {
  const runtime = createCaseRuntime({ machines: [complaintMachine], store, clock: () => T('09:30') });
  await runtime.open('ST-1', 'complaint', { form }, { now: T('09:30') });
  return runtime;
}

describe('store failures are StoreUnavailableError, saying whether a retry is safe', () => {
  it('a refused connection on read: retry safe, the driver error kept as cause', async () => {
    const cause = driverError('ECONNREFUSED');
    const { store, breakNow } = failing('load', cause);
    const runtime = await opened(store);
    breakNow();
    const error = await runtime.read('ST-1').catch((e: unknown) => e);
    expect(isStoreUnavailableError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'KEFU_STORE_UNAVAILABLE', operation: 'load', storeCode: 'ECONNREFUSED', outcome: 'not-applied', retrySafe: true, cause });
  });

  it('a connection reset during a worklist query is a read: nothing written, retry safe (a write would be unknown, below)', async () => {
    const { store, breakNow } = failing('worklist', driverError('ECONNRESET'));
    const runtime = await opened(store);
    expect((await runtime.worklist({ machine: 'complaint' })).items.map((i) => i.caseId)).toEqual(['ST-1']);
    breakNow();
    const error = await runtime.worklist({ machine: 'complaint' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StoreUnavailableError', operation: 'worklist', outcome: 'not-applied', retrySafe: true, storeCode: 'ECONNRESET' });
  });

  it('reproject: a connection reset while reading a batch is a read (retry safe); while writing a projection, unknown', async () => {
    const reading = failing('projectionBatch', driverError('ECONNRESET'));
    const first = await opened(reading.store);
    expect(await first.reproject()).toMatchObject({ projected: 1 });
    reading.breakNow();
    await expect(first.reproject()).rejects.toMatchObject({ name: 'StoreUnavailableError', operation: 'projectionBatch', outcome: 'not-applied', retrySafe: true });
    const writing = failing('writeWorklist', driverError('ECONNRESET'));
    const second = await opened(writing.store);
    writing.breakNow();
    await expect(second.reproject()).rejects.toMatchObject({ name: 'StoreUnavailableError', operation: 'writeWorklist', outcome: 'unknown', retrySafe: false });
  });

  it('a connection reset during a write: outcome unknown, not safe to repeat blindly', async () => {
    const { store, breakNow } = failing(typeof (InMemoryCaseStore.prototype as { update?: unknown }).update === 'function' ? 'update' : 'save', driverError('ECONNRESET'));
    const runtime = await opened(store);
    breakNow();
    const error = await runtime.send('ST-1', happyPath[0]!, { now: T('09:40') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ outcome: 'unknown', retrySafe: false, storeCode: 'ECONNRESET' });
  });

  it('PostgreSQL shutting down (57P03) and a serialization failure (40001) roll back: retry safe', async () => {
    for (const code of ['57P03', '40001']) {
      const { store, breakNow } = failing(typeof (InMemoryCaseStore.prototype as { update?: unknown }).update === 'function' ? 'update' : 'save', driverError(code));
      const runtime = await opened(store);
      breakNow();
      await expect(runtime.send('ST-1', happyPath[0]!, { now: T('09:40') })).rejects.toMatchObject({ name: 'StoreUnavailableError', storeCode: code, retrySafe: true });
    }
  });

  it('other errors are not dressed up: a bug stays a TypeError, a version conflict a ConflictError', async () => {
    const { store, breakNow } = failing('load', new TypeError('x is undefined'));
    const runtime = await opened(store);
    breakNow();
    await expect(runtime.read('ST-1')).rejects.toBeInstanceOf(TypeError);
    const plain = new InMemoryCaseStore();
    const r = await opened(plain);
    const record = await plain.load('ST-1');
    await plain.save('ST-1', record!.envelope, { expectedVersion: record!.version });
    await expect(plain.save('ST-1', record!.envelope, { expectedVersion: record!.version })).rejects.toSatisfy(isConflictError);
    expect((await r.read('ST-1'))!.version).toBe(2);
  });

  it('a PostgreSQL server that is down (kefu/postgres, pg): ECONNREFUSED becomes StoreUnavailableError', async () => {
    const db = await connectPostgres('postgresql://kefu@127.0.0.1:1/kefu', { connectionTimeoutMillis: 2000 });
    try {
      const runtime = createCaseRuntime({ machines: [complaintMachine], store: new PostgresCaseStore(db) });
      const error = await runtime.read('ST-1').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreUnavailableError', storeCode: 'ECONNREFUSED', retrySafe: true });
      const opening = await runtime.open('ST-2', 'complaint', { form }, { now: T('09:30') }).catch((e: unknown) => e);
      expect(opening).toMatchObject({ name: 'StoreUnavailableError', operation: 'create', outcome: 'not-applied' });
    } finally {
      await db.close();
    }
  });
});

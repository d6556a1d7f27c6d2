/**
 * A case that starts other cases and learns their outcomes through the runtime, not through
 * XState child actors (which a stored case cannot keep): the parent emits "open this child", the
 * child emits "I am done", and the outbox delivers both — at least once, each under a stable id
 * that the host passes on as the `eventId`, so a redelivery opens no second child and counts no
 * outcome twice. This is the recipe docs/runtime.md gives for the return-visit cycle's shape
 * (RV-MEMBER-100: the batch cannot be archived while an item is open).
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createCaseRuntime, InMemoryScheduler, type OutboxMessage } from 'kefu/runtime';
import { manualClock } from './support/runtime-machines.js';

const batchMachine = setup({
  types: {
    context: {} as { batchId: string; open: string[]; done: string[] },
    input: {} as { batchId: string; items: string[] },
    events: {} as { type: 'ITEM.DONE'; itemId: string } | { type: 'ARCHIVE' },
    emitted: {} as { type: 'batch.openItem'; batchId: string; itemId: string },
  },
  guards: { allItemsDone: ({ context }) => context.open.length === 0 },
  actions: {
    openItems: enqueueActions(({ context, enqueue }) => {
      for (const itemId of context.open) enqueue(emit({ type: 'batch.openItem' as const, batchId: context.batchId, itemId }));
    }),
    recordDone: assign(({ context, event }) => {
      const id = (event as { itemId: string }).itemId;
      return context.open.includes(id) ? { open: context.open.filter((x) => x !== id), done: [...context.done, id] } : {};
    }),
  },
}).createMachine({
  id: 'test-batch',
  context: ({ input }) => ({ batchId: input.batchId, open: [...input.items], done: [] }),
  initial: 'running',
  entry: 'openItems',
  states: {
    running: { on: { 'ITEM.DONE': { actions: 'recordDone' }, ARCHIVE: { guard: 'allItemsDone', target: 'archived' } } },
    archived: { type: 'final' },
  },
});

const itemMachine = setup({
  types: {
    context: {} as { batchId: string; itemId: string },
    input: {} as { batchId: string; itemId: string },
    events: {} as { type: 'FINISH' },
    emitted: {} as { type: 'item.done'; batchId: string; itemId: string },
  },
}).createMachine({
  id: 'test-item',
  context: ({ input }) => input,
  initial: 'open',
  states: {
    open: { on: { FINISH: 'done' } },
    done: { type: 'final', entry: emit(({ context }) => ({ type: 'item.done' as const, batchId: context.batchId, itemId: context.itemId })) },
  },
});

describe('cases that start cases, through the outbox', () => {
  it('the batch opens its items as cases of their own, learns each outcome once, and archives only when none is open', async () => {
    const clock = manualClock('2026-12-01T01:00:00.000Z');
    const seen: OutboxMessage[] = [];
    // The host's handler: each message becomes one runtime call, with the message id as its event id.
    const deliver = async (m: OutboxMessage) => {
      seen.push(m);
      const p = m.payload as { batchId: string; itemId: string };
      if (m.type === 'batch.openItem') await runtime.open(`${p.batchId}/${p.itemId}`, 'test-item', { batchId: p.batchId, itemId: p.itemId }, { eventId: m.id });
      if (m.type === 'item.done') await runtime.send(p.batchId, { type: 'ITEM.DONE', itemId: p.itemId }, { eventId: m.id });
    };
    const runtime = createCaseRuntime({
      machines: [batchMachine, itemMachine],
      clock: clock.now,
      scheduler: new InMemoryScheduler({ now: clock.now, autoDeliver: false }),
      outbox: { deliver },
    });

    await runtime.open('B-1', batchMachine, { batchId: 'B-1', items: ['a', 'b'] });
    expect(await runtime.outbox!.deliverDue()).toBe(2);
    expect((await runtime.read('B-1/a'))!.value).toBe('open');
    expect((await runtime.read('B-1/b'))!.value).toBe('open');

    // a redelivery (a worker died before recording it) opens no second case: the same id is a duplicate
    const again = await runtime.open('B-1/a', 'test-item', { batchId: 'B-1', itemId: 'a' }, { eventId: seen[0]!.id });
    expect(again.status).toBe('duplicate');
    expect((await runtime.read('B-1/a'))!.version).toBe(1);

    await runtime.send('B-1/a', { type: 'FINISH' });
    expect(await runtime.outbox!.deliverDue()).toBe(1);
    const done = seen.find((m) => m.type === 'item.done')!;
    const twice = await runtime.send('B-1', { type: 'ITEM.DONE', itemId: 'a' }, { eventId: done.id }); // delivered again
    expect(twice.status).toBe('duplicate');
    expect((await runtime.read('B-1'))!.version).toBe(2);
    expect((await runtime.read('B-1'))!.context).toMatchObject({ open: ['b'], done: ['a'] });

    // RV-MEMBER-100's shape: not archived while an item is open…
    const refused = await runtime.send('B-1', { type: 'ARCHIVE' });
    expect(refused.status).toBe('refused');
    expect((await runtime.read('B-1'))!.value).toBe('running');
    // …archived once every item reported its outcome
    await runtime.send('B-1/b', { type: 'FINISH' });
    await runtime.outbox!.deliverDue();
    expect((await runtime.send('B-1', { type: 'ARCHIVE' })).status).toBe('applied');
    expect((await runtime.read('B-1'))!.value).toBe('archived');
    expect(await runtime.outbox!.list()).toEqual([]);
  });
});

/**
 * The department's one do-not-call list (免打扰名单), exported from `kefu`: return visits, cycles
 * and telemarketing campaigns respect the same list, and a customer who opts out in one is left
 * alone by the others. Then the JSDoc examples of src/dnc, run as written.
 */
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  activeDoNotCall,
  addToDoNotCall,
  definePolicy,
  doNotCallUntil,
  DoNotCallEntrySchema,
  DoNotCallListSchema,
  isOnDoNotCall,
  pruneDoNotCall,
  send,
  sendOrThrow,
  type DoNotCallEntry,
  type DoNotCallList,
} from 'kefu';
import { campaignMachine } from 'kefu/machines/campaign';
import { returnVisitMachine } from 'kefu/machines/return-visit';
import { RANGE, row, startCycle } from './support/return-visit-cycle.js';
import { play, startVisit, T } from './support/return-visit.js';
import { people } from './support/principals.js';

const startCampaign = (machine = campaignMachine) =>
  createActor(machine, { input: { campaignId: 'CMP-1', target: { sales: 2 }, at: T('08:00') } }).start();

describe('one do-not-call list for the department', () => {
  it('RV-QUIET + CAMPAIGN (Asia/Shanghai): the same list refuses a return visit and leaves the customer out of a campaign’s list', () => {
    // The host's list: an opt-out written by kefu (180 days) and a permanent opt-out of its own.
    const list: DoNotCallEntry[] = [...addToDoNotCall([], 'K-1001', T('10:00', '2026-11-20')), { customerId: 'K-2002' }];
    expect(DoNotCallListSchema.parse(list)).toEqual(list);

    // RV-QUIET: the return visit of K-1001 is refused, naming the end of the request
    const visit = startVisit({ doNotCall: list });
    expect(send(visit, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: '2027-05-19T02:00:00.000Z' } }],
    });
    // ...and so is a visit of K-2002, listed with no end
    const permanent = startVisit({ customer: { id: 'K-2002', name: '李', salutation: 'ms', phone: '+86 138 0000 2002', member: false, timeZone: 'Asia/Shanghai' }, doNotCall: list });
    expect(send(permanent, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: null } }],
    });

    // CAMPAIGN: the same list, passed to the extraction, leaves both out
    const campaign = startCampaign();
    sendOrThrow(campaign, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K-1001' }, { customerId: 'K-2002' }, { customerId: 'K-3003' }], doNotCall: list, at: T('09:00', '2026-12-02') });
    const { list: listed, extraction } = campaign.getSnapshot().context;
    expect(Object.keys(listed)).toEqual(['K-3003']);
    expect(extraction.excludedDoNotCall).toEqual(['K-1001', 'K-2002']);
    sendOrThrow(campaign, { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1'], at: T('09:30', '2026-12-02') });
    expect(send(campaign, { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K-1001', result: 'reached', outcome: 'sale', at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'CAMPAIGN' }],
    });
  });

  it('RV-CYCLE (Asia/Shanghai): a cycle leaves out customers listed with no end, and not those whose entry starts later', () => {
    const list: DoNotCallEntry[] = [{ customerId: 'K0001' }, { customerId: 'K0003', since: T('00:00', '2027-01-01') }];
    const { actor } = startCycle({ cycleId: 'C', at: T('18:00'), doNotCall: list });
    sendOrThrow(actor, {
      type: 'CUSTOMERS.SELECT', by: people.agent,
      criteria: { occasion: 'after-service', ...RANGE, method: 'phone' },
      archive: [row(0, T('10:00')), row(1, T('11:00')), row(3, T('15:00'))],
      at: T('18:00'),
    });
    expect(actor.getSnapshot().context.compiled).toMatchObject({ selected: 2, excludedDoNotCall: ['K0001'] });
  });

  it('CAMPAIGN + RV-QUIET (Asia/Shanghai): a customer who opts out of a campaign call, added with addToDoNotCall, is refused a return visit', () => {
    let list: DoNotCallEntry[] = [];
    const policy = definePolicy({ returnVisit: { doNotCallDays: 30 } });
    const campaign = startCampaign(
      campaignMachine.provide({ actions: { addToDoNotCall: (_, { customerId, at }) => void (list = addToDoNotCall(list, customerId, at, policy)) } }),
    );
    sendOrThrow(campaign, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K-1001' }], at: T('09:00') });
    sendOrThrow(campaign, { type: 'CAMPAIGN.LAUNCH', by: people.supervisor, agentIds: ['A1'], at: T('09:30') });
    sendOrThrow(campaign, { type: 'CALL.LOG', by: people.agent, callId: 'C1', agentId: 'A1', customerId: 'K-1001', result: 'reached', outcome: 'refused', refusalReason: 'no-need', optOut: true, at: T('10:00') });
    expect(list).toEqual([{ customerId: 'K-1001', since: '2026-12-01T02:00:00.000Z', until: '2026-12-31T02:00:00.000Z' }]);

    const visit = startVisit({ doNotCall: list, policy });
    expect(send(visit, { type: 'VISIT.START', by: people.agent, at: T('10:00', '2026-12-02') })).toMatchObject({
      accepted: false,
      violations: [{ rule: 'RV-QUIET', details: { doNotCallUntil: '2026-12-31T02:00:00.000Z' } }],
    });
  });

  it('RV-QUIET + CAMPAIGN (Asia/Shanghai): a customer who opts out of a return visit is left out of the next campaign', () => {
    let list: DoNotCallEntry[] = [{ customerId: 'K-9' }];
    const machine = returnVisitMachine.provide({
      actions: { saveDoNotCall: (_, entry) => void (list = [...list.filter((e) => e.customerId !== entry.customerId), entry]) },
    });
    const visit = startVisit({}, { machine });
    play(visit, T('10:30', '2026-12-02'), [{ type: 'VISIT.START', by: people.agent }, { type: 'CALL.ANSWER', by: people.agent }, { type: 'CUSTOMER.OPT_OUT', by: people.agent }]);
    expect(isOnDoNotCall(list, 'K-1001', T('10:31', '2026-12-02'))).toBe(true);

    const campaign = startCampaign();
    sendOrThrow(campaign, { type: 'LIST.EXTRACT', by: people.agent, prospects: [{ customerId: 'K-1001' }, { customerId: 'K-9' }, { customerId: 'K-3' }], doNotCall: list, at: T('09:00', '2026-12-10') });
    expect(campaign.getSnapshot().context.extraction.excludedDoNotCall).toEqual(['K-1001', 'K-9']);
  });

  it('the entry schema: since and until are optional ISO instants; nothing else is accepted', () => {
    expect(DoNotCallEntrySchema.parse({ customerId: 'K-1' })).toEqual({ customerId: 'K-1' });
    expect(DoNotCallEntrySchema.safeParse({ customerId: 'K-1', until: '2027-05-30' }).success).toBe(false);
    expect(DoNotCallEntrySchema.safeParse({ customerId: 'K-1', reason: 'angry' }).success).toBe(false);
    const list: DoNotCallList = addToDoNotCall([{ customerId: 'K-2' }], 'K-1', T('10:00'));
    expect(JSON.parse(JSON.stringify(list))).toEqual(list);
  });
});

describe('addToDoNotCall keeps what outlasts the new request', () => {
  it('a permanent opt-out is not shortened to 180 days by a later request; an expired or shorter entry is replaced', () => {
    const list = addToDoNotCall([{ customerId: 'K-1' }, { customerId: 'K-1', until: '2026-12-05T00:00:00Z' }], 'K-1', T('10:00'));
    expect(list).toEqual([{ customerId: 'K-1' }, { customerId: 'K-1', since: '2026-12-01T02:00:00.000Z', until: '2027-05-30T02:00:00.000Z' }]);
    expect(doNotCallUntil(list, 'K-1', '2027-06-01T00:00:00Z')).toBeNull();
  });
});

describe('src/dnc JSDoc examples, run as written', () => {
  it('addToDoNotCall (Asia/Shanghai)', () => {
    expect(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00')).toEqual([
      { customerId: 'K-1', since: '2026-12-01T02:00:00.000Z', until: '2027-05-30T02:00:00.000Z' },
    ]);
  });

  it('doNotCallUntil: the end, null for no end, undefined when not listed; the latest end wins and null beats any date', () => {
    expect(doNotCallUntil([{ customerId: 'K-1', since: '2026-12-01T02:00:00Z', until: '2027-05-30T02:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z')).toBe('2027-05-30T02:00:00Z');
    expect(doNotCallUntil([{ customerId: 'K-1' }], 'K-1', '2027-01-01T00:00:00Z')).toBeNull();
    expect(doNotCallUntil([{ customerId: 'K-1', until: '2026-06-01T00:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z')).toBeUndefined();
    expect(
      doNotCallUntil([{ customerId: 'K-1', until: '2027-05-30T02:00:00Z' }, { customerId: 'K-1', since: '2026-01-01T00:00:00Z' }], 'K-1', '2027-01-01T00:00:00Z'),
    ).toBeNull();
  });

  it('isOnDoNotCall (Asia/Shanghai)', () => {
    expect(isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-29T10:00:00+08:00')).toBe(true);
    expect(isOnDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), 'K-1', '2027-05-30T10:00:00+08:00')).toBe(false);
    expect(isOnDoNotCall([{ customerId: 'K-1' }], 'K-1', '2030-01-01T00:00:00Z')).toBe(true);
  });

  it('activeDoNotCall (Asia/Shanghai)', () => {
    expect(activeDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2026-12-02T10:00:00+08:00').has('K-1')).toBe(true);
    expect(activeDoNotCall([{ customerId: 'K1' }, { customerId: 'K2', until: '2026-01-01T00:00:00Z' }], '2026-12-01T09:00:00+08:00')).toEqual(new Set(['K1']));
  });

  it('pruneDoNotCall (Asia/Shanghai)', () => {
    expect(pruneDoNotCall(addToDoNotCall([], 'K-1', '2026-12-01T10:00:00+08:00'), '2027-06-01T00:00:00Z')).toEqual([]);
    expect(pruneDoNotCall([{ customerId: 'K-2' }], '2027-06-01T00:00:00Z')).toEqual([{ customerId: 'K-2' }]);
  });
});

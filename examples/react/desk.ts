/**
 * The console's back office, running in the page: kefu's case runtime with its in-memory store
 * (a CRM would run the same facade on a server over `kefu/postgres`), a simulated clock, the
 * people who can sit at the console, and a log of every attempt made from it.
 */
import { complaintMachine, type ComplaintContext, type ComplaintFormDraft, type Refusal } from 'kefu';
import { createCaseRuntime, InMemoryScheduler, type CaseResult } from 'kefu/runtime';

/** The roles the console can switch between. */
export type DeskRole = 'agent' | 'supervisor' | 'customer';

/** Someone at the console: the principal the host would take from its login session. */
export interface Person {
  readonly id: string;
  readonly role: DeskRole;
  readonly name: string;
  readonly title: { readonly zh: string; readonly en: string };
}

/** One person per role. The customer "sits" at the counter's signature pad. */
export const people: Readonly<Record<DeskRole, Person>> = {
  agent: { id: 'u-wang', role: 'agent', name: '王芳', title: { zh: '客服代表', en: 'Agent' } },
  supervisor: { id: 'u-zhao', role: 'supervisor', name: '赵敏', title: { zh: '客服主管', en: 'Supervisor' } },
  customer: { id: 'c-li', role: 'customer', name: '顾客', title: { zh: '顾客', en: 'Customer' } },
};

/** What the console remembers of each attempt (the audit trail's job once the runtime keeps one). */
export interface LogEntry {
  readonly caseId: string;
  readonly at: string;
  readonly by: Person;
  readonly type: string;
  readonly accepted: boolean;
  /** The rules that refused it; empty when applied or refused for another reason. */
  readonly rules: readonly string[];
  /** Why it was refused (`rule`, `invalid-event`, `unexpected-event`, …). */
  readonly reason?: string;
}

/** A step the case entered, from the machine's `complaint.stepEntered` events. */
export interface StepEntry {
  readonly step: ComplaintContext['step'];
  readonly at: string;
  readonly dueAt?: string;
}

/** An open or closed complaint as the console shows it. */
export interface DeskCase {
  readonly caseId: string;
  readonly value: unknown;
  readonly status: string;
  readonly context: ComplaintContext;
  readonly snapshot: CaseResult['snapshot'];
  readonly steps: readonly StepEntry[];
}

/** The outcome of an action sent from the console. */
export type DeskOutcome = { readonly accepted: true; readonly type: string } | { readonly accepted: false; readonly type: string; readonly refusal: Refusal };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The back office. The clock is simulated so the page behaves the same on every load: it starts
 * on a Wednesday morning in Shanghai and moves three minutes per action. A real console stamps
 * events with its server's clock.
 */
export function createDesk(start = Date.parse('2026-12-02T10:00:00+08:00')) {
  let now = start;
  const steps = new Map<string, StepEntry[]>();
  const log: LogEntry[] = [];
  const runtime = createCaseRuntime({
    machines: [complaintMachine],
    clock: () => now,
    // Deadlines are stored with each case; nothing fires them in this page (no `start()`), the
    // worklist shows them as overdue instead. A server runs the scheduler.
    scheduler: new InMemoryScheduler({ now: () => now, autoDeliver: false }),
    onCommitted: (change) => {
      for (const e of change.emitted as readonly { type: string; step?: string; at?: string; dueAt?: string }[]) {
        if (e.type !== 'complaint.stepEntered') continue;
        const list = steps.get(change.caseId) ?? [];
        list.push({ step: e.step as StepEntry['step'], at: e.at!, ...(e.dueAt ? { dueAt: e.dueAt } : {}) });
        steps.set(change.caseId, list);
      }
    },
  });
  const caseIds: string[] = [];

  async function open(form: ComplaintFormDraft): Promise<void> {
    await runtime.open(form.caseId, 'complaint', { form }, { now: form.receivedAt ?? now });
    caseIds.push(form.caseId);
  }

  async function send(caseId: string, event: { type: string } & Record<string, unknown>, by: Person, at?: string): Promise<DeskOutcome> {
    const when = at ? Date.parse(at) : (now += 3 * 60_000);
    // Every event goes with the principal of the person at the console (ROLE-PERMIT): the host
    // takes it from its login session, never from what the customer typed.
    const options = { now: when, by: { id: by.id, role: by.role } };
    const r = await runtime.send(caseId, event, options);
    log.unshift({
      caseId,
      at: iso(when),
      by,
      type: event.type,
      accepted: r.status === 'applied',
      rules: r.refusal?.violations.map((v) => v.rule) ?? [],
      ...(r.refusal ? { reason: r.refusal.reason } : {}),
    });
    return r.status === 'applied' || !r.refusal
      ? { accepted: true, type: event.type }
      : { accepted: false, type: event.type, refusal: r.refusal };
  }

  async function read(caseId: string): Promise<DeskCase | undefined> {
    const view = await runtime.read(caseId);
    if (!view) return undefined;
    return {
      caseId,
      value: view.value,
      status: view.status,
      context: view.context as ComplaintContext,
      snapshot: view.snapshot,
      steps: steps.get(caseId) ?? [],
    };
  }

  async function list(): Promise<DeskCase[]> {
    const out: DeskCase[] = [];
    for (const id of caseIds) {
      const c = await read(id);
      if (c) out.push(c);
    }
    return out;
  }

  return {
    runtime,
    open,
    send,
    read,
    list,
    log: (caseId?: string) => (caseId ? log.filter((e) => e.caseId === caseId) : log),
    now: () => now,
  };
}

/** The console's back office. */
export type Desk = ReturnType<typeof createDesk>;

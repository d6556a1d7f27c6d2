/**
 * The console's back office, running in the page: kefu's case runtime with its in-memory store
 * (a CRM would run the same facade on a server over `kefu/postgres`), a simulated clock, and the
 * people who can sit at the console. The runtime keeps each case's history (AUDIT-TRAIL).
 */
import { complaintMachine, type ComplaintContext, type ComplaintFormDraft, type Refusal } from 'kefu';
import { createCaseRuntime, InMemoryScheduler, WORKLIST_PAGE, type CaseResult } from 'kefu/runtime';

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
  customer: { id: 'c-counter', role: 'customer', name: '顾客本人', title: { zh: '顾客', en: 'Customer' } },
};

/** One line of the activity log: an entry of the case's history (AUDIT-TRAIL), kept by the runtime. */
export interface LogEntry {
  readonly seq: number;
  readonly at: string;
  /** The person, when the principal is one of the console's; else the principal's id and role. */
  readonly by: { readonly name: string; readonly title: string } | undefined;
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
  /** Its line of the runtime's worklist (`runtime.worklist`): the next due time and whether it has passed. */
  readonly worklist?: { readonly nextDueAt: string | null; readonly overdue: boolean };
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

  async function open(form: ComplaintFormDraft): Promise<void> {
    await runtime.open(form.caseId, 'complaint', { form }, { now: form.receivedAt ?? now });
  }

  async function send(caseId: string, event: { type: string } & Record<string, unknown>, by: Person, at?: string): Promise<DeskOutcome> {
    const when = at ? Date.parse(at) : (now += 3 * 60_000);
    // Every event goes with the principal of the person at the console (ROLE-PERMIT): the host
    // takes it from its login session, never from what the customer typed.
    const options = { now: when, by: { id: by.id, role: by.role } };
    const r = await runtime.send(caseId, event, options);
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

  /** The case's whole history, newest first. */
  async function history(caseId: string): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    let after: number | undefined = 0;
    while (after !== undefined) {
      const page = await runtime.history(caseId, { after, limit: 1000 });
      for (const e of page.entries) {
        const person = e.by ? Object.values(people).find((p) => p.id === e.by!.id) : undefined;
        out.push({
          seq: e.seq,
          at: e.at,
          by: person ? { name: person.name, title: person.title.zh } : e.by ? { name: e.by.id, title: e.by.role } : undefined,
          type: e.eventType,
          accepted: e.outcome === 'applied',
          rules: e.refusal?.rules ?? [],
          ...(e.refusal ? { reason: e.refusal.reason } : {}),
        });
      }
      after = page.next;
    }
    return out.reverse();
  }

  /**
   * The worklist: open complaints overdue first, then by due time — kefu's `runtime.worklist`
   * orders them (complaint's projection: the step's deadline or the promised result) — then the
   * closed ones. A CRM pages it (`limit`, `after: page.next`); six cases fit in one page.
   */
  async function list(): Promise<DeskCase[]> {
    const out: DeskCase[] = [];
    for (const status of ['active', 'done'] as const) {
      const page = await runtime.worklist({ machine: 'complaint', status, limit: WORKLIST_PAGE.max });
      for (const item of page.items) {
        const c = await read(item.caseId);
        if (c) out.push({ ...c, worklist: { nextDueAt: item.nextDueAt, overdue: item.overdue } });
      }
    }
    return out;
  }

  return {
    runtime,
    open,
    send,
    read,
    list,
    history,
    /** The case file (投诉归档资料) as Markdown, personal data masked (kefu's default). */
    caseFile: (caseId: string) => runtime.exportCaseFile(caseId, { format: 'markdown' }),
    now: () => now,
  };
}

/** The console's back office. */
export type Desk = ReturnType<typeof createDesk>;

import { useEffect, useMemo, useState } from 'react';
import { allowedRoles, complaintStepNames, roleName, type ComplaintContext, type ComplaintStep, type Policy, type Refusal } from 'kefu';
import { createDesk, people, type DeskCase, type DeskOutcome, type DeskRole, type LogEntry, type Person } from './desk.js';
import { seedDesk } from './seed.js';
import {
  buildEvent,
  departmentsOf,
  eventForms,
  eventLabels,
  eventsAvailable,
  exampleValues,
  fieldLabels,
  optionLabels,
  type FieldSpec,
  type FormValues,
} from './forms.js';
import { formatIn, formatLocal, formatRelative, formatTime, viewerZone, zoneLabel } from './time.js';

const roles: readonly DeskRole[] = ['agent', 'supervisor', 'customer'];

/** The roles that may send an event: the policy's permission table (ROLE-PERMIT). */
const rolesFor = (policy: Policy, type: string): readonly string[] | undefined => allowedRoles(policy, 'complaint', type);

const bi = (pair: readonly [string, string] | undefined, fallback: string) => (pair ? `${pair[0]} ${pair[1]}` : fallback);
const label = (type: string) => bi(eventLabels[type], type);

const STEPS: readonly ComplaintStep[] = ['register', 'assess', 'investigate', 'propose', 'implement', 'followUp', 'review'];

/** The steps of this case's path: the seven, or the branch of a complaint that does not stand. */
const pathOf = (c: ComplaintContext): readonly ComplaintStep[] =>
  c.assessment?.verdict === 'invalid' || c.step === 'notStands' ? ['register', 'assess', 'notStands'] : STEPS;

const isOpen = (c: DeskCase) => c.status === 'active';
/** The case's next due time and whether it has passed, as kefu's worklist computed them (`runtime.worklist`). */
const dueOf = (c: DeskCase) => (isOpen(c) ? (c.worklist?.nextDueAt ?? undefined) : undefined);
const isOverdue = (c: DeskCase, _now: number) => isOpen(c) && (c.worklist?.overdue ?? false);

/** A phone number as the worklist shows it: every digit but the last four masked. */
const maskPhone = (phone: string | undefined) => (phone ? phone.replace(/\d(?=(?:\D*\d){4})/g, '•') : '—');

export function App() {
  const desk = useMemo(() => createDesk(), []);
  const [ready, setReady] = useState(false);
  const [role, setRole] = useState<DeskRole>('agent');
  const [cases, setCases] = useState<readonly DeskCase[]>([]);
  const [selected, setSelected] = useState<string | undefined>();
  const [filter, setFilter] = useState<'all' | 'overdue'>('all');
  const [log, setLog] = useState<readonly LogEntry[]>([]);

  const refresh = async () => setCases(await desk.list());
  // The selected case's history, reloaded whenever the cases change.
  useEffect(() => {
    if (selected) void desk.history(selected).then(setLog);
  }, [desk, selected, cases]);
  useEffect(() => {
    void seedDesk(desk).then(async () => {
      await refresh();
      setSelected('TS-2026-0141');
      setReady(true);
    });
  }, [desk]);

  const now = desk.now();
  const person = people[role];
  const open = cases
    .filter(isOpen)
    // Already in worklist order: overdue first, then by due time.
    .filter((c) => filter === 'all' || isOverdue(c, now));
  const closed = cases.filter((c) => !isOpen(c));
  const current = cases.find((c) => c.caseId === selected);

  const act = async (caseId: string, event: { type: string } & Record<string, unknown>): Promise<DeskOutcome> => {
    const outcome = await desk.send(caseId, event, person);
    await refresh();
    return outcome;
  };

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <span className="logo">客</span>
          <div>
            <div className="brand-name">客服工作台</div>
            <div className="brand-sub">Service console · 投诉处理 Complaints</div>
          </div>
        </div>
        <div className="clock" data-testid="clock">
          <span className="muted">现在 Now</span> {formatLocal(new Date(now).toISOString())}
          <div className="muted small">
            时间按您的时区显示 Times in your zone: <strong data-testid="zone">{viewerZone}</strong>
          </div>
        </div>
        <div className="roles" role="radiogroup" aria-label="角色 Role">
          {roles.map((r) => (
            <button
              key={r}
              role="radio"
              aria-checked={r === role}
              className={r === role ? 'role active' : 'role'}
              onClick={() => setRole(r)}
            >
              {people[r].title.zh} <span className="en">{people[r].title.en}</span>
            </button>
          ))}
          <div className="whoami small muted" data-testid="whoami">
            {person.name} · <code>{person.id}</code>
          </div>
        </div>
      </header>

      <div className="layout">
        <aside className="worklist" aria-label="待办 Worklist">
          <div className="panel-head">
            <h2>
              待办投诉 <span className="en">Open complaints</span> <span className="count">{cases.filter(isOpen).length}</span>
            </h2>
            <div className="tabs">
              <button className={filter === 'all' ? 'tab active' : 'tab'} onClick={() => setFilter('all')}>
                全部 All
              </button>
              <button className={filter === 'overdue' ? 'tab active' : 'tab'} onClick={() => setFilter('overdue')}>
                逾期 Overdue <span className="count red">{cases.filter((c) => isOverdue(c, now)).length}</span>
              </button>
            </div>
          </div>
          {!ready && <p className="muted pad">载入中 Loading…</p>}
          <ul className="cases" data-testid="worklist">
            {open.map((c) => (
              <CaseRow key={c.caseId} c={c} now={now} selected={c.caseId === selected} onSelect={() => setSelected(c.caseId)} />
            ))}
          </ul>
          {closed.length > 0 && (
            <>
              <h3 className="closed-head">已结案 Closed</h3>
              <ul className="cases closed" data-testid="closed-list">
                {closed.map((c) => (
                  <CaseRow key={c.caseId} c={c} now={now} selected={c.caseId === selected} onSelect={() => setSelected(c.caseId)} />
                ))}
              </ul>
            </>
          )}
        </aside>

        <main className="case" aria-label="案件 Case">
          {current ? (
            <CaseView
              key={current.caseId}
              c={current}
              person={person}
              now={now}
              log={log}
              onAct={(e) => act(current.caseId, e)}
              caseFile={() => desk.caseFile(current.caseId)}
            />
          ) : (
            <p className="muted pad">请选择一个案件 Pick a case.</p>
          )}
        </main>
      </div>
    </div>
  );
}

function StepChip({ c }: { c: DeskCase }) {
  const s = complaintStepNames[c.context.step];
  if (!isOpen(c)) return <span className="chip done">已结案 closed</span>;
  return (
    <span className="chip">
      {s.n ? `${s.n} · ` : ''}
      {s.zh}
    </span>
  );
}

function CaseRow({ c, now, selected, onSelect }: { c: DeskCase; now: number; selected: boolean; onSelect: () => void }) {
  const due = dueOf(c);
  const late = isOverdue(c, now);
  return (
    <li>
      <button className={`case-row${selected ? ' selected' : ''}${late ? ' late' : ''}`} onClick={onSelect} aria-current={selected} data-testid={`row-${c.caseId}`}>
        <div className="row-top">
          <code className="case-id">{c.caseId}</code>
          {c.context.form.member && <span className="badge member">会员</span>}
          <StepChip c={c} />
        </div>
        <div className="row-name">
          {c.context.form.complainant} <span className="muted small">{maskPhone(c.context.form.contact?.phone)}</span>
        </div>
        <div className="row-content muted small">{c.context.form.content}</div>
        {due && (
          <div className={`row-due small${late ? ' red' : ''}`}>
            {late ? '已逾期 Overdue' : '期限 Due'} {formatTime(due)} · {formatRelative(due, now)}
          </div>
        )}
      </button>
    </li>
  );
}

function CaseView({
  c,
  person,
  now,
  log,
  onAct,
  caseFile,
}: {
  c: DeskCase;
  person: Person;
  now: number;
  log: readonly LogEntry[];
  onAct: (e: { type: string } & Record<string, unknown>) => Promise<DeskOutcome>;
  caseFile: () => Promise<string>;
}) {
  const ctx = c.context;
  const f = ctx.form;
  const events = eventsAvailable(c.snapshot).filter((t) => t !== 'FORM.UPDATE' || ctx.step === 'register');
  const mine = events.filter((t) => rolesFor(ctx.policy, t)?.includes(person.role) ?? true);
  const others = events.filter((t) => !mine.includes(t));
  return (
    <>
      <section className="card case-head">
        <div className="case-title">
          <h1>
            <code data-testid="case-id">{f.caseId}</code> {f.complainant}
          </h1>
          <span className={isOpen(c) ? 'status open' : 'status closed'} data-testid="status">
            {isOpen(c) ? '处理中 Open' : `已结案 Closed ${ctx.closedAt ? formatTime(ctx.closedAt) : ''}`}
          </span>
        </div>
        <dl className="facts">
          <dt>投诉内容 Complaint</dt>
          <dd>{f.content}</dd>
          <dt>投诉要求 Asks for</dt>
          <dd>{f.desiredRemedy}</dd>
          <dt>受理 Received</dt>
          <dd>
            {f.receivedAt ? formatTime(f.receivedAt) : '—'} · {bi(optionLabels[f.channel ?? ''], f.channel ?? '—')}
          </dd>
          <dt>联系 Contact</dt>
          <dd>
            {f.contact?.phone ?? f.contact?.email ?? '—'} {f.member && <span className="badge member">会员 member</span>}
          </dd>
        </dl>
      </section>

      <div className="case-grid">
        <section className="card" aria-label="进度 Timeline">
          <h2>
            处理进度 <span className="en">Timeline</span>
          </h2>
          <p className="muted small zone-note" data-testid="timeline-zone">
            您的时间 Your time: {zoneLabel(now)}
          </p>
          <Timeline c={c} now={now} />
        </section>

        <section className="card actions" aria-label="操作 Actions">
          <h2>
            {isOpen(c) ? (
              <>
                当前步骤 <span className="en">Current step</span>:{' '}
                <span data-testid="step">
                  {complaintStepNames[ctx.step].n ? `${complaintStepNames[ctx.step].n} ` : ''}
                  {complaintStepNames[ctx.step].zh}
                </span>{' '}
                <span className="en">({complaintStepNames[ctx.step].en})</span>
              </>
            ) : (
              <span data-testid="step">已结案 Closed</span>
            )}
          </h2>
          {isOpen(c) && (
            <p className="muted small">
              {person.role === 'customer'
                ? '顾客本人在柜台签字板上操作 · the customer, at the counter’s signature pad'
                : `以 ${person.title.zh} ${person.name} 的身份操作 · acting as ${person.title.en}`}
            </p>
          )}
          {mine.map((t) => (
            <ActionCard key={`${t}-${person.role}-${ctx.now}`} type={t} c={c} person={person} onAct={onAct} primary={!SECONDARY.has(t)} />
          ))}
          {isOpen(c) && mine.length === 0 && <p className="muted">此步骤没有您可做的操作 Nothing here for your role.</p>}
          {others.length > 0 && (
            <div className="others">
              <h3 className="small muted">其他角色的操作 Steps for other roles</h3>
              {others.map((t) => (
                <ActionCard key={`${t}-${person.role}-${ctx.now}`} type={t} c={c} person={person} onAct={onAct} primary={false} foreign />
              ))}
            </div>
          )}
        </section>
      </div>

      <section className="card" aria-label="记录 Activity">
        <h2>
          操作记录 <span className="en">Activity</span> <span className="muted small">· {zoneLabel(now)}</span>
        </h2>
        <table className="log" data-testid="log">
          <thead>
            <tr>
              <th>时间 Time</th>
              <th>操作人 By</th>
              <th>操作 Action</th>
              <th>结果 Result</th>
            </tr>
          </thead>
          <tbody>
            {log.map((e) => (
              <tr key={e.seq} className={e.accepted ? '' : 'refused'}>
                <td>{formatTime(e.at)}</td>
                <td>
                  {e.by ? (
                    <>
                      {e.by.name} <span className="muted small">{e.by.title}</span>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td>{e.type === 'kefu.open' ? '立案 Opened' : label(e.type)}</td>
                <td>{e.accepted ? '✓ 已执行 applied' : `✗ 拒绝 refused ${e.rules.length ? e.rules.join(', ') : (e.reason ?? '')}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CaseFile key={log.length} load={caseFile} />
      </section>
    </>
  );
}

/** The case file (投诉归档资料) as kefu exports it: Markdown, personal data masked. */
function CaseFile({ load }: { load: () => Promise<string> }) {
  const [text, setText] = useState<string | undefined>();
  return (
    <details className="case-file" data-testid="case-file" onToggle={(e) => (e.currentTarget.open && text === undefined ? void load().then(setText) : undefined)}>
      <summary>投诉归档资料 Case file (Markdown, 个人信息已遮蔽 personal data masked)</summary>
      <pre>{text ?? '…'}</pre>
    </details>
  );
}

/** Actions kept folded: replies, corrections and the ways back. */
const SECONDARY = new Set(['REPLY.SEND', 'FORM.UPDATE', 'ASSESS.INVALID', 'CUSTOMER.DISPUTE', 'SUPERVISOR.SEND_BACK', 'CUSTOMER.REJECT', 'COMPLAINT.REOPEN']);

/** What the timeline says a finished step did. */
function stepSummary(step: ComplaintStep, c: ComplaintContext): string | undefined {
  const dept = (id: string | undefined) => c.policy.departments.find((d) => d.id === id)?.zh ?? id;
  switch (step) {
    case 'assess':
      return c.assessment?.verdict === 'valid'
        ? `成立 · ${dept(c.assessment.department)} · 调查 ${c.assessment.investigationDays} 个工作日`
        : c.assessment
          ? `不成立 · ${c.assessment.reason}`
          : undefined;
    case 'investigate':
      return c.investigation ? `${c.investigation.detail} 责任人 ${c.investigation.responsiblePerson} · ${dept(c.investigation.handler)}` : undefined;
    case 'propose':
      return c.proposals.length
        ? c.proposals.map((p) => `${p.id} ${p.description}${c.approval?.proposalId === p.id ? ' ✓ 已批示' : ''}`).join(' / ')
        : undefined;
    case 'implement':
      return [c.notifiedAt && '已通知', c.signature && `签字 ${c.signature.signedBy}`, c.accountability.length && `责任处理 ${c.accountability.length} 项`, c.feedback.length && '已收集反馈']
        .filter(Boolean)
        .join(' · ') || undefined;
    case 'followUp':
      return c.followUp ? `${bi(optionLabels[c.followUp.method], c.followUp.method)} · ${bi(optionLabels[c.followUp.satisfaction], c.followUp.satisfaction)}` : undefined;
    case 'review':
      return c.review ? `${c.review.category} · ${c.review.measures.length} 条改进对策` : undefined;
    case 'notStands':
      return c.explanation?.text;
    default:
      return undefined;
  }
}

function Timeline({ c, now }: { c: DeskCase; now: number }) {
  const ctx = c.context;
  const path = pathOf(ctx);
  const at = path.indexOf(ctx.step);
  const entered = (s: ComplaintStep) => c.steps.filter((e) => e.step === s).at(-1)?.at;
  return (
    <ol className="timeline" data-testid="timeline">
      {path.map((s, i) => {
        const state = !isOpen(c) || i < at ? 'done' : i === at ? 'current' : 'todo';
        const name = complaintStepNames[s];
        const due = ctx.deadlines[s];
        const start = entered(s) ?? (s === 'register' ? ctx.form.receivedAt : undefined);
        const end = state === 'done' ? (i + 1 < path.length ? entered(path[i + 1]!) : ctx.closedAt) : undefined;
        const late = state === 'current' && due !== undefined && Date.parse(due) < now;
        const summary = state === 'done' || state === 'current' ? stepSummary(s, ctx) : undefined;
        const escalated = ctx.escalations.filter((e) => e.step === s);
        return (
          <li key={s} className={`${state}${late ? ' late' : ''}`} data-testid={`timeline-${s}`}>
            <span className="dot">{state === 'done' ? '✓' : (name.n ?? '–')}</span>
            <div className="tl-body">
              <div className="tl-name">
                {name.zh} <span className="en">{name.en}</span>
              </div>
              <div className="tl-times small muted">
                {start && state !== 'todo' && <span>{formatTime(start)}</span>}
                {end && <span> → {formatTime(end)}</span>}
                {state === 'current' && due && (
                  <span className={late ? 'red' : ''}>
                    {' '}
                    · {late ? '已逾期 overdue' : '期限 due'} {formatLocal(due)} ({formatRelative(due, now)})
                  </span>
                )}
                {s === 'followUp' && state === 'current' && due && (
                  <span> · 顾客当地 customer's time {formatIn(due, ctx.policy.calendar.timeZone)}</span>
                )}
              </div>
              {summary && <div className="tl-summary small">{summary}</div>}
              {escalated.map((e) => (
                <div key={e.dueAt} className="small red">
                  ⚠ 已上报主管 escalated ({formatTime(e.dueAt)})
                </div>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function Field({ spec, values, set, policy, issues }: { spec: FieldSpec; values: FormValues; set: (path: string, v: string | boolean) => void; policy: Policy; issues: ReadonlyMap<string, string> }) {
  const id = `f-${spec.path}`;
  const text = bi(fieldLabels[spec.name], spec.name);
  const issue = issues.get(spec.path);
  const v = values[spec.path];
  if (spec.kind === 'group') {
    return (
      <fieldset className="group">
        <legend>{text}</legend>
        {spec.fields?.map((f) => <Field key={f.path} spec={f} values={values} set={set} policy={policy} issues={issues} />)}
      </fieldset>
    );
  }
  if (spec.kind === 'checkbox') {
    return (
      <label className="check">
        <input type="checkbox" checked={v === true} onChange={(e) => set(spec.path, e.target.checked)} /> {text}
      </label>
    );
  }
  const common = { id, name: spec.path, 'aria-invalid': issue ? true : undefined, value: typeof v === 'string' ? v : '' };
  const onChange = (e: { target: { value: string } }) => set(spec.path, e.target.value);
  let input;
  if (spec.kind === 'select' || spec.kind === 'department') {
    const options = spec.kind === 'department' ? departmentsOf(policy) : (spec.options ?? []).map((o) => ({ id: o, label: bi(optionLabels[o], o) }));
    input = (
      <select {...common} onChange={onChange}>
        {!spec.required && <option value="">—</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === 'longtext' || spec.kind === 'lines') {
    input = <textarea {...common} rows={spec.kind === 'lines' ? 3 : 2} onChange={onChange} />;
  } else {
    const type = spec.kind === 'number' ? 'number' : spec.kind === 'datetime' ? 'datetime-local' : 'text';
    input = <input {...common} type={type} onChange={onChange} />;
  }
  return (
    <div className={`field${spec.kind === 'longtext' || spec.kind === 'lines' ? ' wide' : ''}`}>
      <label htmlFor={id}>
        {text}
        {spec.required ? '' : <span className="muted"> (可选 optional)</span>}
        {spec.kind === 'datetime' && <span className="muted small"> · {viewerZone}</span>}
      </label>
      {input}
      {issue && <div className="field-issue">{issue}</div>}
    </div>
  );
}

function RefusalBox({ refusal }: { refusal: Refusal }) {
  return (
    <div className="refusal" role="alert" data-testid="refusal">
      {refusal.violations.length > 0 ? (
        refusal.violations.map((v, i) => (
          <div key={i} className="violation">
            <span className="rule">{v.rule}</span>
            <div>
              <div lang="zh">{v.message.zh}</div>
              <div lang="en" className="muted">
                {v.message.en}
              </div>
            </div>
          </div>
        ))
      ) : (
        <div className="violation">
          <span className="rule">{refusal.reason}</span>
          <div>
            <div lang="zh">{refusal.message.zh}</div>
            <div lang="en" className="muted">
              {refusal.message.en}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function ActionCard({ type, c, person, onAct, primary, foreign = false }: { type: string; c: DeskCase; person: Person; onAct: (e: { type: string } & Record<string, unknown>) => Promise<DeskOutcome>; primary: boolean; foreign?: boolean }) {
  const [values, setValues] = useState<FormValues>(() => exampleValues(type, c.context, person));
  const [outcome, setOutcome] = useState<DeskOutcome | undefined>();
  const [busy, setBusy] = useState(false);
  const fields = eventForms.get(type) ?? [];
  const allowed = rolesFor(c.context.policy, type);
  const issues = new Map(outcome && !outcome.accepted ? outcome.refusal.issues.map((i) => [i.path, i.message] as const) : []);
  const submit = async (e: { preventDefault(): void }) => {
    e.preventDefault();
    setBusy(true);
    const result = await onAct(buildEvent(type, values));
    setBusy(false);
    setOutcome(result.accepted ? undefined : result);
  };
  return (
    <details className={`action${foreign ? ' foreign' : ''}`} open={primary || undefined} data-testid={`action-${type}`}>
      <summary>
        <span className="action-name">{label(type)}</span>
        {allowed && <span className="badge role-badge">{allowed.map((r) => roleName(r).zh).join(' / ')}</span>}
      </summary>
      <form onSubmit={submit}>
        {fields.length > 0 && (
          <div className="fields">
            {fields.map((f) => (
              <Field key={f.path} spec={f} values={values} set={(p, v) => setValues((old) => ({ ...old, [p]: v }))} policy={c.context.policy} issues={issues} />
            ))}
          </div>
        )}
        <button type="submit" className={foreign ? 'btn ghost' : 'btn primary'} disabled={busy}>
          {label(type)}
        </button>
        {outcome && !outcome.accepted && <RefusalBox refusal={outcome.refusal} />}
      </form>
    </details>
  );
}

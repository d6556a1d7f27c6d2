import type { AnyStateMachine, StateValue } from 'xstate';
import { redactEvent, redactId, redactSnapshot, REDACTED } from '../inspect/redact.js';
import type { Bilingual } from '../rules/violation.js';
import type { PendingTimer } from './envelope.types.js';
import type { HistoryEntry, HistoryPrincipal } from './history.js';

/**
 * The case file (AUDIT-TRAIL; 建立投诉归档资料): a case, its history and the names of its steps
 * in zh/en, with personal data masked unless the host asks otherwise (PRIVACY). Built from what
 * the runtime stores; the masking is kefu/inspect's allow-list redaction.
 */

/** Options of `runtime.exportCaseFile`. */
export interface CaseFileOptions {
  /** `json`: a {@link CaseFile} object (JSON-safe); `markdown`: a document to print or archive. @default 'json' */
  readonly format?: 'json' | 'markdown';
  /**
   * Show personal data unmasked (names, phones, addresses, free text, customers' ids). PRIVACY:
   * only for a reader entitled to it, e.g. the archive itself; the default masks. @default false
   */
  readonly reveal?: boolean;
  /**
   * Paths that pass the masking, as in kefu/inspect's `allow`: `context.step`, `event.department`.
   * Allow only fields that cannot hold personal data. @default []
   */
  readonly allow?: readonly string[];
}

/** A named step of a machine: a state with a Chinese name (`meta.zh`) and its English description. */
export interface CaseFileStep {
  /** The state's path in the chart, e.g. `propose.approval`. */
  readonly key: string;
  /** The documents' name, e.g. `提出处理方案`. */
  readonly zh: string;
  /** The English description of the state (without its rule IDs). */
  readonly en: string;
}

/** One entry of the case file's history. */
export interface CaseFileEntry {
  readonly seq: number;
  readonly at: string;
  readonly eventId: string | null;
  readonly eventType: string;
  /** Who acted; a customer's id and any id that could be personal data are masked unless revealed. */
  readonly by: HistoryPrincipal | null;
  readonly outcome: 'applied' | 'refused';
  /** The rules that refused it (empty when applied or refused for another reason). */
  readonly rules: readonly string[];
  /** Why it was refused, with the zh/en message (`null` when applied). */
  readonly refusal: { readonly reason: string; readonly message: Bilingual } | null;
  /** The event's fields other than `type` (masked unless revealed). */
  readonly details: Readonly<Record<string, unknown>>;
  /** The named steps the case was in before (outermost first; empty for the opening). */
  readonly from: readonly CaseFileStep[];
  /** The named steps it was in after. */
  readonly to: readonly CaseFileStep[];
}

/** A case file, JSON-safe. */
export interface CaseFile {
  readonly kind: 'kefu.caseFile';
  /** `投诉归档资料 / Complaint file` for a complaint, the documents' name of the record for other processes. */
  readonly title: Bilingual;
  readonly caseId: string;
  /** The machine id. */
  readonly machine: string;
  /** The row version (optimistic concurrency). */
  readonly version: number;
  /** `active`, `done`, … */
  readonly status: string;
  /** The state value now. */
  readonly state: StateValue;
  /** The named steps the case is in now. */
  readonly step: readonly CaseFileStep[];
  /** When it was opened (the first history entry), if recorded. */
  readonly openedAt: string | undefined;
  readonly updatedAt: string;
  /** Whether personal data is masked in this file. */
  readonly masked: boolean;
  /** The case's data (the machine's context), masked unless revealed. */
  readonly context: unknown;
  /** Pending deadlines: the event each delivers and when. */
  readonly deadlines: readonly { readonly eventType: string; readonly due: string }[];
  /** Every applied event and refused attempt, oldest first. */
  readonly history: readonly CaseFileEntry[];
  /** The names of every step of the machine, zh and en. */
  readonly steps: readonly CaseFileStep[];
}

/** What the case file is called, by machine id: the records the documents name (AUDIT-TRAIL). Others: 案件档案. */
const TITLES: Readonly<Record<string, Bilingual>> = {
  complaint: { zh: '投诉归档资料', en: 'Complaint file' },
  returnVisit: { zh: '回访记录', en: 'Return-visit record' },
  call: { zh: '来电记录', en: 'Call record' },
};
const DEFAULT_TITLE: Bilingual = { zh: '案件档案', en: 'Case file' };

interface NodeLike {
  readonly path: readonly string[];
  readonly meta?: unknown;
  readonly description?: string;
  readonly states: Readonly<Record<string, NodeLike>>;
}

/** `'1 投诉受理:… — register the complaint on the form (CP-REGISTER)'` → `'register the complaint on the form'`. */
function englishOf(description: string | undefined, fallback: string): string {
  if (!description) return fallback;
  const at = description.lastIndexOf(' — ');
  const en = (at >= 0 ? description.slice(at + 3) : description).replace(/\s*\([A-Z][A-Z0-9-]*(?:,\s*[A-Z][A-Z0-9-]*)*\)\s*\.?$/, '').trim();
  return en || fallback;
}

function stepOf(node: NodeLike): CaseFileStep | undefined {
  const zh = (node.meta as { zh?: unknown } | undefined)?.zh;
  if (typeof zh !== 'string') return undefined;
  const key = node.path.join('.');
  return { key, zh, en: englishOf(node.description, key) };
}

/** Every named step of a machine, in chart order. */
export function stepsOf(machine: AnyStateMachine): CaseFileStep[] {
  const out: CaseFileStep[] = [];
  const walk = (node: NodeLike) => {
    for (const child of Object.values(node.states)) {
      const s = stepOf(child);
      if (s) out.push(s);
      walk(child);
    }
  };
  walk(machine.root as unknown as NodeLike);
  return out;
}

/** The named steps a state value is in, outermost first. */
function stepsIn(machine: AnyStateMachine, value: StateValue | null): CaseFileStep[] {
  const out: CaseFileStep[] = [];
  const walk = (node: NodeLike, v: StateValue) => {
    const entries: [string, StateValue | undefined][] = typeof v === 'string' ? [[v, undefined]] : Object.entries(v);
    for (const [key, sub] of entries) {
      const child = node.states[key];
      if (!child) continue;
      const s = stepOf(child);
      if (s) out.push(s);
      if (sub !== undefined) walk(child, sub);
    }
  };
  if (value !== null) walk(machine.root as unknown as NodeLike, value);
  return out;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

/**
 * The case's data without `policy`: kefu's machines carry the policy they run under in their
 * context and input; it is configuration, the same for every case, and would bury the case.
 */
function withoutPolicy(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('policy' in value)) return value;
  const { policy: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** An event as the file shows it: for the opening, the input without its policy. */
function shown(event: Record<string, unknown>): Record<string, unknown> {
  return 'input' in event ? { ...event, input: withoutPolicy(event.input) } : event;
}

function principal(by: HistoryPrincipal | null, reveal: boolean): HistoryPrincipal | null {
  if (!by || reveal) return by;
  // A customer's id is theirs (an account, a phone): masked. Staff ids pass when they look like ids, not names.
  return { id: by.role === 'customer' ? REDACTED : redactId(by.id), role: redactId(by.role) };
}

/** Build a case file from a case and its history (the runtime's `exportCaseFile` calls this). */
export function buildCaseFile(
  machine: AnyStateMachine,
  view: {
    readonly caseId: string;
    readonly version: number;
    readonly status: string;
    readonly value: StateValue;
    readonly context: unknown;
    readonly updatedAt: string;
    readonly timers: readonly PendingTimer[];
  },
  history: readonly HistoryEntry[],
  options: CaseFileOptions = {},
): CaseFile {
  const reveal = options.reveal === true;
  const allow = options.allow ?? [];
  const fields = (event: Record<string, unknown>): Record<string, unknown> => {
    const { type: _, ...rest } = reveal ? copy(shown(event)) : (redactEvent(shown(event), { allow }) as Record<string, unknown>);
    return rest;
  };
  return {
    kind: 'kefu.caseFile',
    title: TITLES[machine.id] ?? DEFAULT_TITLE,
    caseId: view.caseId,
    machine: machine.id,
    version: view.version,
    status: view.status,
    state: copy(view.value),
    step: stepsIn(machine, view.value),
    openedAt: history[0]?.seq === 1 ? history[0].at : undefined,
    updatedAt: view.updatedAt,
    masked: !reveal,
    context: reveal ? copy(withoutPolicy(view.context)) : (redactSnapshot({ context: withoutPolicy(view.context) }, { allow }).context ?? null),
    deadlines: view.timers.map((t) => ({ eventType: t.event.type, due: t.due })),
    history: history.map((e) => ({
      seq: e.seq,
      at: e.at,
      eventId: e.eventId === null || reveal ? e.eventId : redactId(e.eventId),
      eventType: e.eventType,
      by: principal(e.by, reveal),
      outcome: e.outcome,
      rules: e.refusal?.rules ?? [],
      refusal: e.refusal ? { reason: e.refusal.reason, message: e.refusal.message } : null,
      details: fields(e.event),
      from: stepsIn(machine, e.stateBefore),
      to: stepsIn(machine, e.stateAfter),
    })),
    steps: stepsOf(machine),
  };
}

/** A Markdown table cell: one line, no pipes breaking the table. */
const cell = (text: string): string => text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
const names = (steps: readonly CaseFileStep[], lang: 'zh' | 'key' = 'zh') => steps.map((s) => (lang === 'zh' ? s.zh : s.key)).join(' › ');
const stepLabel = (steps: readonly CaseFileStep[]) => (steps.length ? `${names(steps)} (${steps[steps.length - 1]!.key})` : '—');

/** JSON with one line per top-level field. */
function compactJson(value: unknown): string {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const entries = Object.entries(value).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return entries.length ? `{\n${entries.join(',\n')}\n}` : '{}';
}

/** Render a case file as Markdown (zh and en side by side). */
export function caseFileMarkdown(file: CaseFile): string {
  const lines: string[] = [];
  lines.push(`# ${file.title.zh} · ${file.title.en} — ${file.caseId}`, '');
  lines.push('| | |', '|---|---|');
  lines.push(`| 流程 Process | ${cell(file.machine)} |`);
  lines.push(`| 当前步骤 Step | ${cell(stepLabel(file.step))} |`);
  lines.push(`| 状态 Status | ${cell(file.status)} |`);
  lines.push(`| 版本 Version | ${file.version} |`);
  if (file.openedAt) lines.push(`| 受理 Opened | ${file.openedAt} |`);
  lines.push(`| 更新 Updated | ${file.updatedAt} |`, '');
  lines.push(
    file.masked
      ? '> 个人信息已遮蔽(做好客户信息保密工作)· Personal data is masked (PRIVACY).'
      : '> 注意:本档案含未遮蔽的个人信息 · This file shows personal data unmasked (reveal).',
    '',
  );
  lines.push('## 处理记录 · History', '');
  lines.push('| # | 时间 At | 操作人 By | 事件 Event | 结果 Outcome | 步骤 Step | 内容 Details |', '|---|---|---|---|---|---|---|');
  for (const e of file.history) {
    const by = e.by ? `${e.by.id} (${e.by.role})` : '—';
    const outcome = e.outcome === 'applied' ? '已执行 applied' : `已拒绝 refused${e.rules.length ? ` ${e.rules.join(', ')}` : ` (${e.refusal?.reason ?? ''})`}: ${e.refusal?.message.zh ?? ''} / ${e.refusal?.message.en ?? ''}`;
    const moved = names(e.from) !== names(e.to) ? `${e.from.length ? names(e.from) : '∅'} → ${names(e.to)}` : names(e.to);
    // `at` is the At column already.
    const { at: _, ...rest } = e.details;
    const details = Object.keys(rest).length ? JSON.stringify(rest) : '';
    lines.push(`| ${e.seq} | ${e.at} | ${cell(by)} | ${cell(e.eventType)} | ${cell(outcome)} | ${cell(moved)} | ${cell(details)} |`);
  }
  lines.push('');
  if (file.deadlines.length) {
    lines.push('## 待办期限 · Pending deadlines', '', '| 事件 Event | 到期 Due |', '|---|---|');
    for (const d of file.deadlines) lines.push(`| ${cell(d.eventType)} | ${d.due} |`);
    lines.push('');
  }
  lines.push('## 案件资料 · Case data', '', '```json', compactJson(file.context), '```', '');
  lines.push('## 步骤名称 · Step names', '', '| 步骤 Key | 中文 | English |', '|---|---|---|');
  for (const s of file.steps) lines.push(`| ${cell(s.key)} | ${cell(s.zh)} | ${cell(s.en)} |`);
  lines.push('');
  return lines.join('\n');
}

/**
 * The public surface, checked family by family: every machine module exports the very schemas
 * kefu validates its events with, the rule checks its guards run, and state names that match its
 * chart; every exported schema is a piece of what a machine validates (so a host validating at
 * its own API boundary agrees with the machine); every export of every entry has JSDoc. The
 * export names of each entry are pinned below, so the surface changes only on purpose.
 */
import ts from 'typescript';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import {
  ChannelSchema,
  ComplaintEventSchema,
  ComplaintInputSchema,
  ContactSchema,
  DoNotCallEntrySchema,
  DoNotCallListSchema,
  IsoDateTimeSchema,
  issuesFromZod,
  LocalDateSchema,
  machineSchemasFor,
  PhoneSchema,
  PolicySchema,
  ruleCheckOf,
  TextSchema,
  DepartmentSchema,
} from 'kefu';
import { LocalDateSchema as TimeLocalDateSchema } from 'kefu/time';
import { entries, esmOnlyEntries } from '../tsup.config.js';
import { loadCatalog, machineModules, stateNodesOf } from '../src/catalog/index.js';

type Module = Record<string, unknown>;

const catalog = await loadCatalog();
const modules: Record<string, Module> = Object.fromEntries(
  await Promise.all(Object.entries(machineModules).map(async ([folder, load]) => [folder, (await load()) as Module] as const)),
);
const folders = Object.keys(modules);

/** The machine a folder defines (a module may re-export another's machine; the catalog lists it under its own folder). */
const machineOf = (folder: string): AnyStateMachine => {
  const found = catalog.find((m) => m.module === folder);
  if (!found) throw new Error(`no machine for machines/${folder}`);
  return found.machine;
};
const exportsEndingIn = (mod: Module, suffix: string) => Object.keys(mod).filter((k) => k.endsWith(suffix));
const only = (mod: Module, suffix: string): [string, unknown] => {
  const names = exportsEndingIn(mod, suffix);
  expect(names, `exactly one *${suffix}`).toHaveLength(1);
  return [names[0]!, mod[names[0]!]];
};

/** The `type` of one event schema of a discriminated union. */
const typeOf = (option: unknown): string => String(((option as z.ZodMiniObject).shape.type as z.ZodMiniLiteral).def.values[0]);
/** The `type`s of a discriminated union of events. */
const eventTypes = (schema: unknown): string[] => (schema as z.ZodMiniDiscriminatedUnion).def.options.map(typeOf);

describe.each(folders)('machines/%s', (folder) => {
  const mod = modules[folder]!;
  const machine = machineOf(folder);

  it('its *EventSchema and *InputSchema are the very schemas registered for the machine', () => {
    const registered = machineSchemasFor(machine.id);
    expect(registered?.id).toBe(machine.id);
    expect(only(mod, 'EventSchema')[1]).toBe(registered!.events);
    expect(only(mod, 'InputSchema')[1]).toBe(registered!.input);
  });

  it('its EventSchema refuses an unknown type, and every event type without an ISO `at`, naming the field', () => {
    const [, schema] = only(mod, 'EventSchema') as [string, z.ZodMiniType];
    const unknown = schema.safeParse({ type: 'NOPE', at: '2026-12-01T09:00:00+08:00' });
    expect(issuesFromZod(unknown.error!.issues).map((i) => i.path)).toEqual(['type']);
    const types = eventTypes(schema);
    expect(types.length).toBeGreaterThan(0);
    for (const type of types) {
      const parsed = schema.safeParse({ type, at: 'soon' });
      expect(parsed.success, type).toBe(false);
      expect(issuesFromZod(parsed.error!.issues), type).toContainEqual({ path: 'at', message: 'expected an ISO-8601 date-time with offset, e.g. 2026-12-01T09:30:00+08:00' });
    }
  });

  it('its *Checks are exactly the rule checks behind its guards', () => {
    const [name, checks] = only(mod, 'Checks') as [string, Record<string, unknown>];
    expect(Object.isFrozen(checks)).toBe(true);
    // ROLE-PERMIT's guard is the same on every machine; its check is kefu's `checkRolePermit`.
    const guards = Object.entries(machine.implementations.guards as Record<string, unknown>).filter(([g]) => g !== 'isPermittedRole');
    const guardsOf = (fn: unknown) => guards.filter(([, g]) => ruleCheckOf(g)?.check === fn).map(([g]) => g);
    // every exported check is what some guard runs...
    const unused = Object.entries(checks).filter(([, fn]) => guardsOf(fn).length === 0).map(([k]) => `${name}.${k}`);
    expect(unused).toEqual([]);
    // ...and every rule guard's check is exported
    const values = new Set(Object.values(checks));
    const missing = guards.filter(([, g]) => ruleCheckOf(g) && !values.has(ruleCheckOf(g)!.check)).map(([g]) => g);
    expect(missing).toEqual([]);
    expect(Object.keys(checks).every((k) => k.startsWith('check'))).toBe(true);
  });

  /*
   * Names objects name what a host shows, not every node of the chart: the complaint's seven steps
   * (and its not-stands branch, but not its final states), the call's and the email's leaf states
   * inside `connected`/`open`, the customer-file steps inside its parallel regions, the campaign's
   * three stages; their words are display labels, not always the chart's meta.zh (order
   * `confirmed`: 已确认,安排产品发货). So: every name is a state of the chart, and every
   * top-level state is named, final, or holds a named state. (return-visit and
   * return-visit-cycle have no names object: their states carry meta.zh only.)
   */
  it('its *StepNames / *StateNames name states of the chart in Chinese and English, covering every top-level state', () => {
    const namesExports = [...exportsEndingIn(mod, 'StepNames'), ...exportsEndingIn(mod, 'StateNames')];
    if (['return-visit', 'return-visit-cycle'].includes(folder)) {
      expect(namesExports).toEqual([]);
      return;
    }
    expect(namesExports).toHaveLength(1);
    const names = mod[namesExports[0]!] as Record<string, { zh: string; en: string }>;
    const nodes = stateNodesOf(machine).filter((n) => n.parent);
    for (const [key, name] of Object.entries(names)) {
      const same = nodes.filter((n) => n.key === key);
      expect(same.length, `${key} is a state`).toBeGreaterThan(0);
      expect(name.zh, key).toMatch(/[\u4e00-\u9fff]/);
      expect(name.en, key).toMatch(/[a-z]/);
    }
    const named = (node: AnyStateNode): boolean => node.key in names || Object.values(node.states).some(named);
    const uncovered = Object.values(machine.root.states).filter((n) => n.type !== 'final' && !named(n)).map((n) => n.key);
    expect(uncovered).toEqual([]);
  });
});

it('the root entry exports the complaint machine’s registered schemas too', () => {
  expect(ComplaintEventSchema).toBe(machineSchemasFor('complaint')?.events);
  expect(ComplaintInputSchema).toBe(machineSchemasFor('complaint')?.input);
});

/* ------------------------------------------------------------------------------------------ */
/* Every exported schema is a piece of what kefu validates                                     */
/* ------------------------------------------------------------------------------------------ */

/** Where each schema reachable from `roots` first appears (breadth first), as a readable path; adds to `found`. */
function schemaPaths(roots: Record<string, unknown>, found = new Map<unknown, string>()): Map<unknown, string> {
  const queue: Array<[unknown, string]> = Object.entries(roots).map(([name, s]) => [s, name]);
  while (queue.length) {
    const [s, path] = queue.shift()!;
    if (!(s instanceof z.ZodMiniType) || found.has(s)) continue;
    found.set(s, path);
    const def = s._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') {
      for (const [k, v] of Object.entries((s as z.ZodMiniObject).shape)) queue.push([v, `${path}.${k}`]);
    } else if (def.type === 'union' && def.discriminator === 'type') {
      for (const o of (s as z.ZodMiniDiscriminatedUnion).def.options) queue.push([o, `${path}<${typeOf(o)}>`]);
    } else {
      for (const [k, v] of Object.entries(def)) {
        if (k === 'shape') continue;
        const step = k === 'element' ? '[]' : k === 'valueType' ? '{}' : '';
        if (Array.isArray(v)) v.forEach((x) => queue.push([x, path + step]));
        else queue.push([v, path + step]);
      }
    }
  }
  return found;
}

/**
 * Schemas of a whole record built up by several events (not part of one event): what a rule asks
 * of the record at the end, with the helper that names its missing fields. The rest of a module's
 * schemas are reachable from its event and input schemas (or from these records).
 */
const recordSchemas: Record<string, Record<string, string>> = {
  complaint: { ComplaintFormSchema: 'missingFormFields' },
  call: { CallRecordSchema: 'missingCallRecordFields' },
  suggestion: { SuggestionRecordSchema: 'missingSuggestionFields' },
  'return-visit': { VisitRecordSchema: 'missingRecordFields' },
  order: { OrderSchema: 'missingOrderFields' },
  'return-exchange': { ReturnRequestSchema: 'missingRequestFields' },
  'walk-in': { WalkInRecordSchema: 'missingWalkInRecordFields' },
};
/** Schemas of data that is not an event's: the call's record in context, the input of the assignment helper. */
const otherSchemas: Record<string, Record<string, string>> = {
  call: { CallRecordDraftSchema: '(context.record: contactFromCall, complaintFormFromCall, …)' },
  'customer-data': { CustomerToAssignSchema: '(assignCustomers, canHold)' },
  'walk-in': { WalkInRecordDraftSchema: '(context.record: WalkInOpenCaseParams.record)' },
};

describe('every exported machine schema is the one the machine validates that piece with', () => {
  it('where each schema plugs in (a host validating a piece of an event with it agrees with the machine)', () => {
    const where: Record<string, Record<string, string>> = {};
    for (const folder of folders) {
      const mod = modules[folder]!;
      const registered = machineSchemasFor(machineOf(folder).id)!;
      const [eventName] = only(mod, 'EventSchema');
      const [inputName] = only(mod, 'InputSchema');
      const records = recordSchemas[folder] ?? {};
      // the events and the input first: where a host meets the schema; then the records
      const paths = schemaPaths(Object.fromEntries(Object.keys(records).map((k) => [k, mod[k]])), schemaPaths({ [eventName]: registered.events, [inputName]: registered.input }));
      const out: Record<string, string> = {};
      for (const name of exportsEndingIn(mod, 'Schema').sort()) {
        if (name === eventName || name === inputName) continue;
        const path = paths.get(mod[name]);
        out[name] = records[name] ? `(record: ${records[name]})` : path ?? otherSchemas[folder]?.[name] ?? 'UNEXPLAINED';
      }
      where[folder] = out;
    }
    expect(JSON.stringify(where)).not.toContain('UNEXPLAINED');
    expect(where).toMatchInlineSnapshot(`
      {
        "call": {
          "CallKindSchema": "CallEventSchema<CALL.CLASSIFY>.kind",
          "CallLanguageSchema": "CallEventSchema<CALL.ANSWER>.language",
          "CallRecordDraftSchema": "(context.record: contactFromCall, complaintFormFromCall, …)",
          "CallRecordFieldsSchema": "CallEventSchema<RECORD.UPDATE>.fields",
          "CallRecordSchema": "(record: missingCallRecordFields)",
          "ComplaintDetailsSchema": "CallEventSchema<CALL.CLASSIFY>.complaint",
          "TransferModeSchema": "CallEventSchema<CALL.TRANSFER>.mode",
        },
        "campaign": {
          "AnalysisTopicSchema": "CampaignEventSchema<ANALYSIS.RECORD>.topic",
          "ProspectSchema": "CampaignEventSchema<LIST.EXTRACT>.prospects[]",
          "RefusalReasonSchema": "CampaignEventSchema<CALL.LOG>.refusalReason",
        },
        "chat": {
          "ChatSessionSchema": "ChatInputSchema.chat",
        },
        "complaint": {
          "AccountabilityTargetSchema": "ComplaintEventSchema<ACCOUNTABILITY.RECORD>.target",
          "CauseSchema": "ComplaintEventSchema<INVESTIGATION.RECORD>.cause",
          "ComplaintFormDraftSchema": "ComplaintInputSchema.form",
          "ComplaintFormSchema": "(record: missingFormFields)",
          "ProposalVerdictSchema": "ComplaintEventSchema<PROPOSAL.REVIEW>.verdict",
          "SatisfactionSchema": "ComplaintEventSchema<FOLLOWUP.RECORD>.satisfaction",
          "SignatureEvidenceSchema": "ComplaintEventSchema<CUSTOMER.ACCEPT>.evidence",
        },
        "customer-data": {
          "AbilityRuleSchema": "CustomerDataInputSchema.ability",
          "AgentProfileSchema": "CustomerDataInputSchema.agents[]",
          "AssignmentSchema": "CustomerDataEventSchema<ASSIGNMENT.SUBMIT>.assignments[]",
          "ContactMethodSchema": "CustomerDataEventSchema<CONTACT.RECORD>.method",
          "CustomerToAssignSchema": "(assignCustomers, canHold)",
        },
        "email": {
          "AttachmentSchema": "EmailEventSchema<REPLY.SEND>.attachments[]",
          "EmailSchema": "EmailInputSchema.mail",
        },
        "inquiry": {
          "InquiryRecordSchema": "InquiryEventSchema<INQUIRY.RECORD>.fields",
        },
        "monthly-assessment": {
          "MonthSchema": "MonthlyAssessmentInputSchema.month",
        },
        "order": {
          "MoneySchema": "OrderInputSchema.order.total",
          "OrderDraftSchema": "OrderInputSchema.order",
          "OrderItemDraftSchema": "OrderInputSchema.order.items[]",
          "OrderItemSchema": "OrderSchema.items[]",
          "OrderSchema": "(record: missingOrderFields)",
          "ShippingAddressSchema": "OrderSchema.shippingAddress",
          "TrackingStatusSchema": "OrderEventSchema<TRACKING.UPDATE>.status",
        },
        "quality-audit": {
          "AuditRecordRefSchema": "QualityAuditEventSchema<SAMPLE.DRAW>.population[]",
        },
        "return-exchange": {
          "InspectionSchema": "ReturnExchangeEventSchema<INSPECTION.RECORD>.inspection",
          "ReplacementTrackingStatusSchema": "ReturnExchangeEventSchema<TRACKING.UPDATE>.status",
          "ReturnItemDraftSchema": "ReturnExchangeInputSchema.request.items[]",
          "ReturnItemSchema": "ReturnRequestSchema.items[]",
          "ReturnKindSchema": "ReturnExchangeInputSchema.request.kind",
          "ReturnRequestDraftSchema": "ReturnExchangeInputSchema.request",
          "ReturnRequestSchema": "(record: missingRequestFields)",
        },
        "return-visit": {
          "OccasionSchema": "ReturnVisitInputSchema.occasion",
          "SalutationSchema": "ReturnVisitInputSchema.customer.salutation",
          "SatisfactionSchema": "ReturnVisitEventSchema<SATISFACTION.ANSWER>.satisfaction",
          "VisitCustomerSchema": "ReturnVisitInputSchema.customer",
          "VisitMethodSchema": "ReturnVisitInputSchema.method",
          "VisitRecordFieldsSchema": "ReturnVisitEventSchema<RECORD.UPDATE>.fields",
          "VisitRecordSchema": "(record: missingRecordFields)",
          "VisitServiceSchema": "ReturnVisitInputSchema.service",
        },
        "return-visit-cycle": {
          "ArchiveRowSchema": "ReturnVisitCycleEventSchema<VISIT.REISSUE>.row",
          "SelectionCriteriaSchema": "ReturnVisitCycleEventSchema<CUSTOMERS.SELECT>.criteria",
        },
        "suggestion": {
          "SuggestionRecordDraftSchema": "SuggestionEventSchema<SUGGESTION.UPDATE>.fields",
          "SuggestionRecordSchema": "(record: missingSuggestionFields)",
        },
        "walk-in": {
          "WalkInLanguageSchema": "WalkInEventSchema<VISIT.GREET>.language",
          "WalkInRecordDraftSchema": "(context.record: WalkInOpenCaseParams.record)",
          "WalkInRecordFieldsSchema": "WalkInEventSchema<RECORD.UPDATE>.fields",
          "WalkInRecordSchema": "(record: missingWalkInRecordFields)",
        },
      }
    `);
  });

  it.each(Object.entries(recordSchemas))('%s: the record schema and its missing-fields helper name the same fields', (folder, pair) => {
    const [schemaName, helperName] = Object.entries(pair)[0]!;
    const schema = modules[folder]![schemaName] as z.ZodMiniType;
    const missing = modules[folder]![helperName] as (value: unknown) => string[];
    const issues = issuesFromZod(schema.safeParse({}).error!.issues).map((i) => i.path);
    expect(missing({})).toEqual([...new Set(issues)]);
    expect(missing({}).length).toBeGreaterThan(1);
  });

  it('the root entry’s common schemas are the building blocks of the machines’ schemas', () => {
    const all = new Map<unknown, string>();
    for (const folder of folders) {
      const mod = modules[folder]!;
      const registered = machineSchemasFor(machineOf(folder).id)!;
      const roots = { [`${folder}.events`]: registered.events, [`${folder}.input`]: registered.input, ...Object.fromEntries(Object.keys(recordSchemas[folder] ?? {}).map((k) => [k, mod[k]])) };
      for (const [s, p] of schemaPaths(roots)) if (!all.has(s)) all.set(s, p);
    }
    // One local-date schema: the root's is kefu/time's, with the message that names the date.
    expect(LocalDateSchema).toBe(TimeLocalDateSchema);
    expect(LocalDateSchema.safeParse('2026-02-30').error?.issues.map((i) => i.message)).toEqual(['invalid date "2026-02-30": expected "YYYY-MM-DD"']);
    const common = { IsoDateTimeSchema, TextSchema, PhoneSchema, ContactSchema, ChannelSchema, PolicySchema, DepartmentSchema };
    const unused = Object.entries(common).filter(([, s]) => !all.has(s)).map(([n]) => n);
    expect(unused).toEqual([]);
    // every machine takes the host's policy in its input, validated by the one PolicySchema
    for (const folder of folders) {
      const input = machineSchemasFor(machineOf(folder).id)!.input!;
      expect(schemaPaths({ input }).has(PolicySchema), folder).toBe(true);
    }
  });

  it('the root entry’s do-not-call schemas are the one list every machine that calls customers validates', () => {
    const where: Record<string, string[]> = {};
    for (const folder of folders) {
      const registered = machineSchemasFor(machineOf(folder).id)!;
      const paths = schemaPaths({ [`${folder}.events`]: registered.events, [`${folder}.input`]: registered.input });
      const found = [DoNotCallListSchema, DoNotCallEntrySchema].map((s) => paths.get(s)).filter((p) => p !== undefined);
      if (found.length) where[folder] = found;
    }
    expect(where).toMatchInlineSnapshot(`
      {
        "campaign": [
          "campaign.events<LIST.EXTRACT>.doNotCall",
          "campaign.events<LIST.EXTRACT>.doNotCall[]",
        ],
        "return-visit": [
          "return-visit.input.doNotCall",
          "return-visit.input.doNotCall[]",
        ],
        "return-visit-cycle": [
          "return-visit-cycle.input.doNotCall",
          "return-visit-cycle.input.doNotCall[]",
        ],
      }
    `);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Every export documented                                                                     */
/* ------------------------------------------------------------------------------------------ */

const publicEntries = Object.fromEntries(Object.entries({ ...entries, ...esmOnlyEntries }).filter(([name]) => name !== 'cli/main'));

it('every export of every public entry has JSDoc (the rule checks inside *Checks too)', () => {
  const root = new URL('..', import.meta.url);
  const files = Object.values(publicEntries).map((f) => new URL(f, root).pathname);
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const docOf = (symbol: ts.Symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
  };
  const undocumented: string[] = [];
  let count = 0;
  for (const [entry, file] of Object.entries(publicEntries)) {
    const source = program.getSourceFile(new URL(file, root).pathname)!;
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      count++;
      if (!docOf(symbol)) undocumented.push(`${entry}: ${symbol.name}`);
      if (symbol.name.endsWith('Checks')) {
        for (const member of checker.getTypeOfSymbol(symbol).getProperties()) {
          // Object.freeze gives a mapped type: find the function through the property's type
          const fn = checker.getTypeOfSymbol(member).getSymbol();
          if (!fn || !docOf(fn)) undocumented.push(`${entry}: ${symbol.name}.${member.name}`);
        }
      }
    }
  }
  expect(count).toBeGreaterThan(300);
  expect(undocumented).toEqual([]);
}, 300_000);

/* ------------------------------------------------------------------------------------------ */
/* The export names of every entry, pinned                                                     */
/* ------------------------------------------------------------------------------------------ */

describe('the export names of each public entry (update on purpose: `npx vitest run test/public-api.test.ts -u`)', () => {
  const pinned = [
    'index',
    'time/index',
    'calendars/cn/index',
    'staff/index',
    'quality/index',
    'runtime/index',
    'postgres/index',
    'inspect/index',
    'diagram/index',
    'rule-sources/index',
    'machines/complaint/index',
    'machines/email/index',
    'machines/chat/index',
    'machines/call/index',
    'machines/inquiry/index',
    'machines/suggestion/index',
    'machines/return-visit/index',
    'machines/return-visit-cycle/index',
    'machines/order/index',
    'machines/return-exchange/index',
    'machines/customer-data/index',
    'machines/campaign/index',
    'machines/walk-in/index',
    'machines/quality-audit/index',
    'machines/monthly-assessment/index',
  ];
  const names = async (specifier: Promise<Module>) => Object.keys(await specifier).sort();

  it('pins every public entry of tsup.config.ts (cli/main is a bin)', () => {
    expect(pinned.sort()).toEqual(Object.keys(publicEntries).sort());
  });

  it('kefu', async () => {
    expect(await names(import('kefu'))).toMatchInlineSnapshot(`
      [
        "ChannelSchema",
        "ComplaintEventSchema",
        "ComplaintFormSchema",
        "ComplaintInputSchema",
        "ContactSchema",
        "DepartmentSchema",
        "DoNotCallEntrySchema",
        "DoNotCallListSchema",
        "IsoDateTimeSchema",
        "KefuError",
        "LimitsSchema",
        "LocalDateSchema",
        "PRINCIPAL_ID_MAX",
        "PermissionTableConflictError",
        "PhoneSchema",
        "PolicySchema",
        "PrincipalSchema",
        "RefusedError",
        "RoleNameSchema",
        "RolesPolicySchema",
        "TextSchema",
        "ValidationError",
        "activeDoNotCall",
        "addToDoNotCall",
        "allowedRoles",
        "builtinRoles",
        "checkReplyLanguage",
        "checkRolePermit",
        "complaintMachine",
        "complaintStepNames",
        "defaultLimits",
        "defaultPolicy",
        "definePolicy",
        "doNotCallUntil",
        "explain",
        "fieldInvariant",
        "findDepartment",
        "findForbiddenPhrases",
        "invariantFailures",
        "isKefuError",
        "isOnDoNotCall",
        "isPermissionTableConflictError",
        "isRefusedError",
        "isRuleId",
        "isValidationError",
        "issuesFromZod",
        "knownRoles",
        "machineSchemasFor",
        "missingFields",
        "parseOrThrow",
        "principalOf",
        "pruneDoNotCall",
        "registerMachineSchemas",
        "restrictedEvents",
        "roleName",
        "ruleCheckOf",
        "ruleGuard",
        "ruleIds",
        "ruleInvariant",
        "send",
        "sendOrThrow",
        "validateEvent",
        "violation",
        "withEventSchema",
        "withRolePermit",
      ]
    `);
  });
  it('kefu/time', async () => {
    expect(await names(import('kefu/time'))).toMatchInlineSnapshot(`
      [
        "BusinessCalendarSchema",
        "CalendarCoverageError",
        "DeadlineThresholdSchema",
        "EscalationLevelSchema",
        "LocalDateSchema",
        "LocalTimeSchema",
        "MAX_DELAY_MS",
        "NO_DELAY",
        "PeriodSchema",
        "QuietHoursSchema",
        "SlaClockSchema",
        "TimeZoneSchema",
        "WeekdayKey",
        "WeekdayKeySchema",
        "addCalendarDays",
        "addCalendarHours",
        "addWorkingDays",
        "addWorkingHours",
        "defaultCalendar",
        "delayUntil",
        "isCalendarCoverageError",
        "isQuietTime",
        "isWorkingTime",
        "listDates",
        "localDate",
        "localTime",
        "nextAllowedMoment",
        "nextWorkingMoment",
        "pauseSla",
        "quietRangeAt",
        "resumeSla",
        "slaStatus",
        "startSla",
        "stopSla",
        "subtractWorkingHours",
        "thresholdTimes",
        "toEpoch",
        "toIso",
        "workingPeriodsOn",
        "workingTimeBetween",
      ]
    `);
  });
  it('kefu/calendars/cn', async () => {
    expect(await names(import('kefu/calendars/cn'))).toMatchInlineSnapshot(`
      [
        "chinaCalendar",
        "chinaHolidayNotices",
        "chinaHolidayOn",
      ]
    `);
  });
  it('kefu/staff', async () => {
    expect(await names(import('kefu/staff'))).toMatchInlineSnapshot(`
      [
        "ActivityKindSchema",
        "ActivityRecordSchema",
        "DailySummarySchema",
        "DutyShiftSchema",
        "HandledSchema",
        "assessMonth",
        "buildDailySummary",
        "checkDailySummary",
        "checkDutyRoster",
        "checkWeeklyReport",
        "submitWeeklyReport",
        "weekOf",
      ]
    `);
  });
  it('kefu/quality', async () => {
    expect(await names(import('kefu/quality'))).toMatchInlineSnapshot(`
      [
        "AuditFeedbackSchema",
        "ChecklistSchema",
        "FeedbackActionSchema",
        "ServiceRecordSchema",
        "StandardSchema",
        "checkAuditClosable",
        "closeAudit",
        "defaultChecklist",
        "runAudit",
        "sampleRecords",
        "scoreRecord",
      ]
    `);
  });
  it('kefu/runtime', async () => {
    expect(await names(import('kefu/runtime'))).toMatchInlineSnapshot(`
      [
        "BACKFILL_EVENT_TYPE",
        "BACKFILL_PRINCIPAL",
        "CaseEnvelopeSchema",
        "CaseExistsError",
        "CaseNotFoundError",
        "ChildActorsError",
        "ConflictError",
        "EnvelopeTooLargeError",
        "FutureVersionError",
        "IdempotencyKeyReusedError",
        "InMemoryCaseStore",
        "InMemoryOutbox",
        "InMemoryScheduler",
        "InvariantViolationError",
        "MachineFailedError",
        "MalformedSnapshotError",
        "MigrationError",
        "OPEN_EVENT_TYPE",
        "OUTBOX_PRINCIPAL",
        "SYSTEM_TIMER_PRINCIPAL",
        "SnapshotError",
        "StoreUnavailableError",
        "TamperedSnapshotError",
        "UnknownMachineError",
        "UnknownStateError",
        "WORKLIST_PAGE",
        "createCaseRuntime",
        "defineMachine",
        "deliverChildCases",
        "initialStep",
        "isCaseExistsError",
        "isCaseNotFoundError",
        "isChildActorsError",
        "isConflictError",
        "isEnvelopeTooLargeError",
        "isFutureVersionError",
        "isIdempotencyKeyReusedError",
        "isInvariantViolationError",
        "isMachineFailedError",
        "isMalformedSnapshotError",
        "isMigrationError",
        "isSnapshotError",
        "isStoreUnavailableError",
        "isTamperedSnapshotError",
        "isUnknownMachineError",
        "isUnknownStateError",
        "migrateEnvelope",
        "nextDue",
        "parseEnvelope",
        "resignCases",
        "resignEnvelope",
        "restore",
        "restoreActor",
        "serialize",
        "step",
        "stepTimer",
      ]
    `);
  });
  it('kefu/postgres', async () => {
    expect(await names(import('kefu/postgres'))).toMatchInlineSnapshot(`
      [
        "PgBossScheduler",
        "PostgresCaseStore",
        "PostgresOutbox",
        "bossDb",
        "casesTableDdl",
        "casesTableName",
        "connectPostgres",
        "createPostgresRuntime",
        "fromPGlite",
        "fromPgPool",
        "historyTableName",
        "jobIdFor",
        "migrateCasesTable",
        "openPGlite",
        "outboxTableDdl",
        "outboxTableName",
        "quoteIdent",
        "worklistDdl",
      ]
    `);
  });
  it('kefu/inspect', async () => {
    expect(await names(import('kefu/inspect'))).toMatchInlineSnapshot(`
      [
        "REDACTED",
        "createBrowserInspector",
        "createInspector",
        "createWebSocketInspector",
        "redactEvent",
        "redactInspectionEvent",
        "redactSnapshot",
        "serializeDefinition",
      ]
    `);
  });
  it('kefu/diagram', async () => {
    expect(await names(import('kefu/diagram'))).toMatchInlineSnapshot(`
      [
        "compoundStatesOf",
        "diagramFormats",
        "renderDiagram",
        "svgFontStack",
        "toAscii",
        "toMermaid",
        "toSvg",
      ]
    `);
  });
  it('kefu/rule-sources', async () => {
    expect(await names(import('kefu/rule-sources'))).toMatchInlineSnapshot(`
      [
        "ruleSources",
        "rules",
      ]
    `);
  });
  it('kefu/machines/complaint', async () => {
    expect(await names(import('kefu/machines/complaint'))).toMatchInlineSnapshot(`
      [
        "AccountabilityTargetSchema",
        "COMPLAINT_VERSION",
        "CauseSchema",
        "ComplaintEventSchema",
        "ComplaintFormDraftSchema",
        "ComplaintFormSchema",
        "ComplaintInputSchema",
        "ProposalVerdictSchema",
        "SatisfactionSchema",
        "SignatureEvidenceSchema",
        "complaintBackfills",
        "complaintChecks",
        "complaintMachine",
        "complaintMigrations",
        "complaintStepNames",
        "missingFormFields",
      ]
    `);
  });
  it('kefu/machines/email', async () => {
    expect(await names(import('kefu/machines/email'))).toMatchInlineSnapshot(`
      [
        "AttachmentSchema",
        "EmailEventSchema",
        "EmailInputSchema",
        "EmailSchema",
        "emailChecks",
        "emailMachine",
        "emailStateNames",
        "mentionsAttachment",
      ]
    `);
  });
  it('kefu/machines/chat', async () => {
    expect(await names(import('kefu/machines/chat'))).toMatchInlineSnapshot(`
      [
        "ChatEventSchema",
        "ChatInputSchema",
        "ChatSessionSchema",
        "chatChecks",
        "chatMachine",
        "chatStateNames",
        "defaultChatClosingMessage",
      ]
    `);
  });
  it('kefu/machines/call', async () => {
    expect(await names(import('kefu/machines/call'))).toMatchInlineSnapshot(`
      [
        "CallEventSchema",
        "CallInputSchema",
        "CallKindSchema",
        "CallLanguageSchema",
        "CallRecordDraftSchema",
        "CallRecordFieldsSchema",
        "CallRecordSchema",
        "ComplaintDetailsSchema",
        "TransferModeSchema",
        "callChecks",
        "callGreetings",
        "callMachine",
        "callStateNames",
        "callbackDueAt",
        "checkGreeting",
        "checkPromisedTime",
        "checkTransferTarget",
        "complaintFormFromCall",
        "contactFromCall",
        "defaultDepartment",
        "detectPingPong",
        "greetingScript",
        "inquiryInputFromCall",
        "latestCallback",
        "missingCallRecordFields",
        "missingGreetingClauses",
        "suggestionInputFromCall",
        "transferDueAt",
        "transfersBetween",
      ]
    `);
  });
  it('kefu/machines/inquiry', async () => {
    expect(await names(import('kefu/machines/inquiry'))).toMatchInlineSnapshot(`
      [
        "InquiryEventSchema",
        "InquiryInputSchema",
        "InquiryRecordSchema",
        "inquiryChecks",
        "inquiryMachine",
        "inquiryStepNames",
      ]
    `);
  });
  it('kefu/machines/suggestion', async () => {
    expect(await names(import('kefu/machines/suggestion'))).toMatchInlineSnapshot(`
      [
        "SuggestionEventSchema",
        "SuggestionInputSchema",
        "SuggestionRecordDraftSchema",
        "SuggestionRecordSchema",
        "missingSuggestionFields",
        "suggestionChecks",
        "suggestionMachine",
        "suggestionStepNames",
      ]
    `);
  });
  it('kefu/machines/return-visit', async () => {
    expect(await names(import('kefu/machines/return-visit'))).toMatchInlineSnapshot(`
      [
        "DATED_OCCASIONS",
        "OccasionSchema",
        "ReturnVisitEventSchema",
        "ReturnVisitInputSchema",
        "SalutationSchema",
        "SatisfactionSchema",
        "VisitCustomerSchema",
        "VisitMethodSchema",
        "VisitRecordFieldsSchema",
        "VisitRecordSchema",
        "VisitServiceSchema",
        "missingRecordFields",
        "parseSmsReply",
        "returnVisitChecks",
        "returnVisitMachine",
        "scriptClosing",
        "scriptExchange",
        "scriptFollowUp",
        "scriptLine",
        "scriptOpening",
        "scriptParamsOf",
        "scriptSms",
        "visitDueAt",
      ]
    `);
  });
  it('kefu/machines/return-visit-cycle', async () => {
    expect(await names(import('kefu/machines/return-visit-cycle'))).toMatchInlineSnapshot(`
      [
        "ArchiveRowSchema",
        "ReturnVisitCycleEventSchema",
        "ReturnVisitCycleInputSchema",
        "SelectionCriteriaSchema",
        "assignBalanced",
        "buildReport",
        "cycleVisitCases",
        "cycleVisitId",
        "findCycleVisit",
        "maintenanceReminderIn",
        "membersNotVisited",
        "renderReportMarkdown",
        "returnVisitCycleChecks",
        "returnVisitCycleMachine",
        "selectCustomers",
      ]
    `);
  });
  it('kefu/machines/order', async () => {
    expect(await names(import('kefu/machines/order'))).toMatchInlineSnapshot(`
      [
        "MoneySchema",
        "OrderDraftSchema",
        "OrderEventSchema",
        "OrderInputSchema",
        "OrderItemDraftSchema",
        "OrderItemSchema",
        "OrderSchema",
        "ShippingAddressSchema",
        "TrackingStatusSchema",
        "missingOrderFields",
        "orderChecks",
        "orderLinesTotal",
        "orderMachine",
        "orderStateNames",
      ]
    `);
  });
  it('kefu/machines/return-exchange', async () => {
    expect(await names(import('kefu/machines/return-exchange'))).toMatchInlineSnapshot(`
      [
        "InspectionSchema",
        "ReplacementTrackingStatusSchema",
        "ReturnExchangeEventSchema",
        "ReturnExchangeInputSchema",
        "ReturnItemDraftSchema",
        "ReturnItemSchema",
        "ReturnKindSchema",
        "ReturnRequestDraftSchema",
        "ReturnRequestSchema",
        "missingRequestFields",
        "returnExchangeChecks",
        "returnExchangeMachine",
        "returnExchangeStateNames",
        "returnWindowOf",
      ]
    `);
  });
  it('kefu/machines/customer-data', async () => {
    expect(await names(import('kefu/machines/customer-data'))).toMatchInlineSnapshot(`
      [
        "AbilityRuleSchema",
        "AgentProfileSchema",
        "AssignmentSchema",
        "ContactMethodSchema",
        "CustomerDataEventSchema",
        "CustomerDataInputSchema",
        "CustomerToAssignSchema",
        "assignCustomers",
        "canHold",
        "contactDueAt",
        "customerDataChecks",
        "customerDataMachine",
        "customerDataStepNames",
        "findAssignmentProblems",
        "overdueContacts",
        "unfiledRecords",
        "workingDaysBetween",
      ]
    `);
  });
  it('kefu/machines/campaign', async () => {
    expect(await names(import('kefu/machines/campaign'))).toMatchInlineSnapshot(`
      [
        "AnalysisTopicSchema",
        "CampaignEventSchema",
        "CampaignInputSchema",
        "ProspectSchema",
        "RefusalReasonSchema",
        "analysisTopics",
        "campaignChecks",
        "campaignFigures",
        "campaignMachine",
        "campaignStepNames",
        "missingAnalyses",
      ]
    `);
  });
  it('kefu/machines/walk-in', async () => {
    expect(await names(import('kefu/machines/walk-in'))).toMatchInlineSnapshot(`
      [
        "WalkInEventSchema",
        "WalkInInputSchema",
        "WalkInLanguageSchema",
        "WalkInRecordDraftSchema",
        "WalkInRecordFieldsSchema",
        "WalkInRecordSchema",
        "checkWalkInGreetingText",
        "missingWalkInGreetingClauses",
        "missingWalkInRecordFields",
        "walkInChecks",
        "walkInGreetings",
        "walkInMachine",
        "walkInStepNames",
      ]
    `);
  });
  it('kefu/machines/quality-audit', async () => {
    expect(await names(import('kefu/machines/quality-audit'))).toMatchInlineSnapshot(`
      [
        "AuditRecordRefSchema",
        "QualityAuditEventSchema",
        "QualityAuditInputSchema",
        "auditedAgents",
        "qualityAuditChecks",
        "qualityAuditMachine",
        "qualityAuditStepNames",
      ]
    `);
  });
  it('kefu/machines/monthly-assessment', async () => {
    expect(await names(import('kefu/machines/monthly-assessment'))).toMatchInlineSnapshot(`
      [
        "MonthSchema",
        "MonthlyAssessmentEventSchema",
        "MonthlyAssessmentInputSchema",
        "assessedAgents",
        "monthlyAssessmentChecks",
        "monthlyAssessmentMachine",
        "monthlyAssessmentStepNames",
        "openObjections",
      ]
    `);
  });
});

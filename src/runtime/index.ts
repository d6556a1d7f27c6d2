/**
 * `kefu/runtime` — run kefu machines in a CRM back end: versioned snapshot envelopes, a
 * stateless `step` built on XState's pure `transition()`, durable timers, stores and schedulers
 * (in memory here; PostgreSQL and pg-boss in `kefu/postgres`), and a facade with optimistic
 * concurrency. Works for every machine; never imports a specific one, nor pg/pg-boss.
 */
export type { CaseEnvelope, PendingTimer, PersistedCaseSnapshot } from './envelope.types.js';
export {
  CaseEnvelopeSchema,
  parseEnvelope,
  migrateEnvelope,
  restore,
  restoreActor,
  serialize,
} from './envelope.js';
export type { RestoredCase, RestoreActorOptions, SerializeOptions } from './envelope.js';
export { defineMachine } from './definition.js';
export type {
  MachineDefinition,
  MachineDefinitionOptions,
  MachineLike,
  MachineOf,
  Migration,
  SnapshotMigration,
  TimerMigration,
} from './definition.js';
export { step, stepTimer, initialStep } from './step.js';
export type {
  InitialStepOptions,
  SideEffect,
  StepEvent,
  StepOptions,
  StepResult,
  StepStatus,
  StepTimerOptions,
} from './step.js';
export { nextDue } from './timers.js';
export type { DueTimer, TimerCancel, TimerInstructions, TimerSchedule } from './timers.js';
export type {
  AppendHistoryOptions,
  CaseChange,
  CaseRecord,
  CaseStore,
  CaseTimers,
  CaseUpdate,
  CreateOptions,
  ListDueOptions,
  ProjectionBatchOptions,
  SaveOptions,
  StatementPart,
  UpdateOptions,
  WrittenRecord,
} from './store.js';
export type { DeliverOptions, DeliverTimer, Scheduler } from './scheduler.js';
export { InMemoryCaseStore } from './memory-store.js';
export { InMemoryScheduler } from './memory-scheduler.js';
export type { InMemorySchedulerOptions } from './memory-scheduler.js';
export { InMemoryOutbox } from './outbox.js';
export type { DeliverMessage, Outbox, OutboxEntry, OutboxMessage, OutboxOptions, OutboxQuery, OutboxSettlement } from './outbox.js';
// Kept internal (may change without a major version): OutboxWorker, outboxMessages, defaultOutboxBackoff.
export { createCaseRuntime } from './runtime.js';
export { deliverChildCases, OUTBOX_PRINCIPAL } from './child-cases.js';
export type { ChildCaseLink, ChildCasesOptions } from './child-cases.js';
export type {
  CallOptions,
  CaseEvent,
  CaseResult,
  CaseRuntime,
  CaseRuntimeOptions,
  CaseView,
  CommittedChange,
  OverdueCase,
  RuntimeOutbox,
  TypedCase,
  TypedCaseView,
} from './runtime.js';
export {
  SnapshotError,
  isSnapshotError,
  MalformedSnapshotError,
  isMalformedSnapshotError,
  UnknownMachineError,
  isUnknownMachineError,
  FutureVersionError,
  isFutureVersionError,
  UnknownStateError,
  isUnknownStateError,
  MigrationError,
  isMigrationError,
  ConflictError,
  isConflictError,
  CaseNotFoundError,
  isCaseNotFoundError,
  CaseExistsError,
  isCaseExistsError,
  MachineFailedError,
  isMachineFailedError,
  ChildActorsError,
  isChildActorsError,
  IdempotencyKeyReusedError,
  isIdempotencyKeyReusedError,
  EnvelopeTooLargeError,
  isEnvelopeTooLargeError,
  InvariantViolationError,
  isInvariantViolationError,
  TamperedSnapshotError,
  isTamperedSnapshotError,
  StoreUnavailableError,
  isStoreUnavailableError,
} from './errors/index.js';
export type { StoreFailureOutcome } from './errors/index.js';
export type { SigningKey } from './signing.js';
export { resignCases, resignEnvelope } from './resign.js';
export type { ResignOptions, ResignReport } from './resign.js';
export type { SnapshotErrorReason } from './errors/index.js';
export { SYSTEM_TIMER_PRINCIPAL, OPEN_EVENT_TYPE } from './history.js';
export type { HistoryEntry, HistoryOptions, HistoryPage, HistoryPrincipal, HistoryRefusal, NewHistoryEntry } from './history.js';
export type { CaseFile, CaseFileEntry, CaseFileOptions, CaseFileStep } from './case-file.js';
export { WORKLIST_PAGE } from './worklist.js';
export type { ReprojectOptions, ReprojectReport } from './reproject.js';
export { BACKFILL_EVENT_TYPE, BACKFILL_PRINCIPAL } from './backfill.js';
export type { BackfilledCase, BackfillOptions, BackfillReport, HistoryBackfill } from './backfill.js';
export type { ProjectedRecord } from './memory-store.js';
export type {
  CaseProjection,
  WorklistFields,
  WorklistFilter,
  WorklistItem,
  WorklistOrder,
  WorklistPage,
  WorklistPosition,
  WorklistProjection,
  WorklistQuery,
  WorklistRow,
  WorklistStatus,
} from './worklist.js';

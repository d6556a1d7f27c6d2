/**
 * `kefu/inspect` — the Stately inspector without leaking customer data (PRIVACY).
 *
 * The inspectors here wrap `@statelyai/inspect` (an optional peer dependency, ESM-only since
 * 0.7; only this folder imports it) and redact every inspection event by allow-list before it
 * leaves the process. The redaction itself ({@link redactInspectionEvent}) has no dependency
 * and is the rule for logs and exports too.
 */
export { createInspector, createBrowserInspector, createWebSocketInspector } from './inspector.js';
export type {
  InspectionAdapter,
  KefuInspector,
  KefuInspectorOptions,
  BrowserInspectorOptions,
  WebSocketInspectorOptions,
} from './inspector.js';
export { redactInspectionEvent, redactEvent, redactSnapshot, serializeDefinition, REDACTED } from './redact.js';
export type { RedactionOptions, RedactedInspectionEvent, RedactedEvent, RedactedSnapshot } from './redact.js';

import {
  createBrowserInspector as statelyBrowserInspector,
  createInspector as statelyInspector,
  createWebSocketInspector as statelyWebSocketInspector,
  type StatelyInspectionEvent,
} from '@statelyai/inspect';
import type { InspectionEvent, Observer } from 'xstate';
import { redactInspectionEvent, type RedactedInspectionEvent, type RedactionOptions } from './redact.js';

/**
 * Where inspection events go: the shape of `@statelyai/inspect`'s adapters. A custom adapter
 * (a log, a test) receives only redacted events.
 */
export interface InspectionAdapter {
  start?: () => void;
  stop?: () => void;
  send(event: StatelyInspectionEvent): void;
}

/** Options shared by every kefu inspector. */
export interface KefuInspectorOptions extends RedactionOptions {
  /** Drop some (already redacted) events. @default () => true */
  readonly filter?: (event: RedactedInspectionEvent) => boolean;
  /** Start the inspector at once. @default true */
  readonly autoStart?: boolean;
  /** Events held while the inspector is not connected yet (oldest dropped). @default 200 */
  readonly maxDeferredEvents?: number;
}

/** An inspector: pass `inspector.inspect` to `createActor(machine, { inspect })`. */
export interface KefuInspector<TAdapter = unknown> {
  /** The observer to give XState; it sees raw events and forwards only redacted ones. */
  readonly inspect: Observer<InspectionEvent>;
  /** The underlying `@statelyai/inspect` adapter. */
  readonly adapter: TAdapter;
  start(): void;
  stop(): void;
}

type StatelyInspector = ReturnType<typeof statelyInspector>;

/**
 * Wrap a `@statelyai/inspect` inspector so nothing reaches its adapter unredacted.
 *
 * XState's events are converted and redacted here, synchronously, from the live actor (the
 * machine definition comes from {@link serializeDefinition}, so guards and actions keep their
 * names). `serialize` is set as well, so events sent by hand through the underlying
 * inspector (`adapter`, or the deferred queue of the WebSocket adapter) are redacted too; the
 * redaction is idempotent, so going through both is harmless.
 */
function redacting<T extends StatelyInspector>(inspector: T, options: KefuInspectorOptions): KefuInspector<T['adapter']> {
  const filter = options.filter ?? (() => true);
  return {
    adapter: inspector.adapter,
    start: () => inspector.start(),
    stop: () => inspector.stop(),
    inspect: {
      next: (event: InspectionEvent) => {
        const redacted = redactInspectionEvent(event, options);
        // The Stately inspector shows actors, events and snapshots; microsteps and actions are for logs.
        if (!redacted || !['@xstate.actor', '@xstate.event', '@xstate.snapshot'].includes(redacted.type)) return;
        if (!filter(redacted)) return;
        inspector.adapter.send(redacted as unknown as StatelyInspectionEvent);
      },
    },
  };
}

/** The `@statelyai/inspect` options that enforce the redaction. */
function statelyOptions(options: KefuInspectorOptions) {
  const redact = (e: StatelyInspectionEvent) =>
    (redactInspectionEvent(e as unknown as Record<string, unknown>, options) ?? { type: '@xstate.event', event: { type: '[redacted]' } }) as unknown as StatelyInspectionEvent;
  return {
    serialize: redact,
    // Never let the library's own sanitizers run on raw data in our place.
    sanitizeContext: undefined,
    sanitizeEvent: undefined,
    ...(options.maxDeferredEvents !== undefined ? { maxDeferredEvents: options.maxDeferredEvents } : {}),
  };
}

/**
 * An inspector over any adapter, with every event redacted (PRIVACY). Useful for logs and tests.
 *
 * @example
 * const events: unknown[] = [];
 * const inspector = createInspector({ send: (e) => events.push(e) });
 * createActor(complaintMachine, { input, inspect: inspector.inspect }).start();
 */
export function createInspector<TAdapter extends InspectionAdapter>(adapter: TAdapter, options: KefuInspectorOptions = {}): KefuInspector<TAdapter> {
  const inner = statelyInspector(adapter, { ...statelyOptions(options), autoStart: options.autoStart ?? true });
  if (options.autoStart !== false) inner.start();
  return redacting(inner, options) as KefuInspector<TAdapter>;
}

/** Options of {@link createBrowserInspector}. */
export interface BrowserInspectorOptions extends KefuInspectorOptions {
  /** URL of the inspector. @default 'https://stately.ai/inspect' */
  readonly url?: string;
  /** Show the inspector in this iframe instead of a new window. */
  readonly iframe?: HTMLIFrameElement | null;
  /** The window to use. @default window */
  readonly window?: Window;
}

/**
 * The Stately inspector in the browser (a new tab, or an iframe), fed only redacted events.
 * Same options as `@statelyai/inspect`'s `createBrowserInspector`, without
 * `sanitizeContext`/`sanitizeEvent`/`serialize` (kefu's allow-list replaces them), plus
 * `allow` for fields the host knows are safe.
 *
 * @example
 * import { createBrowserInspector } from 'kefu/inspect';
 * const inspector = createBrowserInspector({ allow: ['context.step'] });
 * createActor(complaintMachine, { input, inspect: inspector.inspect }).start();
 */
export function createBrowserInspector(options: BrowserInspectorOptions = {}): KefuInspector {
  const { url, iframe, window: win } = options;
  // Without a window (server-side rendering, Node) there is nothing to show: a no-op inspector,
  // rather than @statelyai/inspect's console error and adapter-shaped return value.
  if (win === undefined && typeof window === 'undefined') {
    const noop = () => {};
    return { adapter: undefined, start: noop, stop: noop, inspect: { next: noop } };
  }
  const inner = statelyBrowserInspector({
    ...statelyOptions(options),
    ...(url !== undefined ? { url } : {}),
    ...(iframe !== undefined ? { iframe } : {}),
    ...(win !== undefined ? { window: win } : {}),
    autoStart: options.autoStart ?? true,
  });
  return redacting(inner, options);
}

/** Options of {@link createWebSocketInspector}. */
export interface WebSocketInspectorOptions extends KefuInspectorOptions {
  /** The WebSocket server to send to, e.g. `ws://localhost:8080`. */
  readonly url: string;
}

/**
 * The Stately inspector over a WebSocket (Node services, CLIs, tests), fed only redacted
 * events. Run a relay such as `@statelyai/inspect/server`'s `createInspectorServer`, or any
 * WebSocket server that forwards messages to `createWebSocketReceiver` clients.
 *
 * @example
 * const inspector = createWebSocketInspector({ url: 'ws://localhost:8080' });
 * createActor(complaintMachine, { input, inspect: inspector.inspect }).start();
 * // ... later
 * inspector.stop();
 */
export function createWebSocketInspector(options: WebSocketInspectorOptions): KefuInspector {
  const inner = statelyWebSocketInspector({ ...statelyOptions(options), url: options.url, autoStart: options.autoStart ?? true });
  return redacting(inner, options);
}

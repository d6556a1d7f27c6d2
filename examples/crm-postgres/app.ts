/**
 * A CRM back end in miniature: an HTTP endpoint (node:http) that opens complaint cases and
 * receives their events, and a worker that fires their deadlines — both on PostgreSQL through
 * `kefu/postgres` (a server at KEFU_PG_URL, or PGlite in-process).
 *
 * Routes:
 *   POST /cases                  { caseId, input }         open a complaint
 *   POST /cases/:id/events       { type, ... }             send an event (header Idempotency-Key: optional)
 *   GET  /cases/:id                                        read a case (no personal data)
 *   GET  /overdue                                          cases whose deadline passed and has not fired yet
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { complaintMachine, isValidationError, type ComplaintContext } from 'kefu';
import { isCaseExistsError, isCaseNotFoundError, isConflictError, isEnvelopeTooLargeError, type CaseResult, type CommittedChange } from 'kefu/runtime';
import { createPostgresRuntime, type PostgresRuntime, type SqlDatabase } from 'kefu/postgres';

/** Options of {@link startCrm}. */
export interface CrmOptions {
  /** The database (`connectPostgres(url)` or `openPGlite(dir)`). */
  readonly db: SqlDatabase;
  /** Port of the HTTP endpoint; 0 picks a free one. `null`: no HTTP endpoint (a worker-only process). */
  readonly port?: number | null;
  /** Also fire deadlines in this process. @default true */
  readonly worker?: boolean;
  /** Where to log. @default console.log */
  readonly log?: (line: string) => void;
  /**
   * Largest request body accepted, in bytes; a larger one is answered 413 without being kept in
   * memory or parsed. kefu bounds each field (policy `limits`), but the transport is the host's to
   * guard. @default 65536
   */
  readonly maxBodyBytes?: number;
}

/** A running CRM process. */
export interface Crm {
  /** The HTTP endpoint's base URL, if any. */
  readonly url: string | undefined;
  readonly runtime: PostgresRuntime;
  /** Start firing deadlines (if not started with `worker: true`). */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/** What a case looks like from outside: state and deadlines, never the customer's data. */
function publicView(caseId: string, version: number, value: unknown, status: string, context: ComplaintContext) {
  return {
    caseId,
    version,
    state: value,
    caseStatus: status,
    step: context.step,
    deadlines: context.deadlines,
    escalations: context.escalations,
  };
}

function outcome(result: CaseResult) {
  const context = result.envelope.snapshot.context as unknown as ComplaintContext;
  return {
    ...publicView(result.caseId, result.record.version, result.envelope.snapshot.value, result.envelope.snapshot.status, context),
    status: result.status,
    effects: result.effects.map((e) => e.type),
    emitted: result.emitted.map((e) => e.type),
    ...(result.refusal
      ? {
          refusal: {
            reason: result.refusal.reason,
            message: result.refusal.message,
            rules: result.violations.map((v) => ({ rule: v.rule, message: v.message })),
            issues: result.refusal.issues,
          },
        }
      : {}),
  };
}

/** A request body over the endpoint's limit (answered 413). */
class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
  }
}

async function body(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  let size = 0;
  const chunks: Buffer[] = [];
  // Read to the end so the client gets its 413 rather than a reset connection; keep nothing past the limit.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit && !(declared > limit)) chunks.push(chunk as Buffer);
  }
  if (size > limit || declared > limit) throw new BodyTooLargeError(limit);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(payload));
}

/** The host's side effects: here they are only logged (ids and kinds, no personal data). */
function runEffects(log: (line: string) => void) {
  return (change: CommittedChange) => {
    for (const effect of change.effects) {
      const params = effect.params as { kind?: string; reason?: string; step?: string };
      log(`[effect] ${effect.type} case=${change.caseId}${params.kind ? ` kind=${params.kind}` : ''}${params.reason ? ` reason=${params.reason}` : ''}${params.step ? ` step=${params.step}` : ''}`);
    }
    for (const event of change.emitted) log(`[event] ${event.type} case=${change.caseId}`);
  };
}

/**
 * Start the CRM: the HTTP endpoint and/or the deadline worker on one database.
 *
 * @example
 * const crm = await startCrm({ db: await openPGlite('./.data/crm'), port: 3000 });
 */
export async function startCrm(options: CrmOptions): Promise<Crm> {
  const log = options.log ?? console.log;
  const maxBodyBytes = options.maxBodyBytes ?? 65_536;
  const runtime = await createPostgresRuntime({
    db: options.db,
    machines: [complaintMachine],
    onCommitted: runEffects(log),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
    worker: { pollingIntervalSeconds: 0.5 },
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    try {
      if (req.method === 'POST' && parts.length === 1 && parts[0] === 'cases') {
        const { caseId, input } = (await body(req, maxBodyBytes)) as { caseId?: string; input?: unknown };
        if (typeof caseId !== 'string' || !caseId) return reply(res, 400, { error: 'caseId is required' });
        const key = req.headers['idempotency-key'];
        const result = await runtime.open(caseId, 'complaint', input, typeof key === 'string' ? { eventId: key } : {});
        return reply(res, result.status === 'duplicate' ? 200 : 201, outcome(result));
      }
      if (req.method === 'POST' && parts.length === 3 && parts[0] === 'cases' && parts[2] === 'events') {
        const event = (await body(req, maxBodyBytes)) as { type?: unknown };
        if (typeof event.type !== 'string') return reply(res, 400, { error: 'an event needs a string "type"' });
        const key = req.headers['idempotency-key'];
        const result = await runtime.send(parts[1]!, event as { type: string }, typeof key === 'string' ? { eventId: key } : {});
        return reply(res, result.status === 'refused' ? 422 : 200, outcome(result));
      }
      if (req.method === 'GET' && parts.length === 2 && parts[0] === 'cases') {
        const view = await runtime.read(parts[1]!);
        if (!view) return reply(res, 404, { error: 'no such case' });
        return reply(res, 200, { ...publicView(view.caseId, view.version, view.value, view.status, view.context as ComplaintContext), timers: view.timers });
      }
      if (req.method === 'GET' && parts.length === 1 && parts[0] === 'overdue') {
        return reply(res, 200, await runtime.listOverdue());
      }
      return reply(res, 404, { error: 'not found' });
    } catch (error) {
      if (error instanceof SyntaxError) return reply(res, 400, { error: 'the body is not JSON' });
      if (error instanceof BodyTooLargeError || isEnvelopeTooLargeError(error)) return reply(res, 413, { error: error.message });
      if (isValidationError(error)) return reply(res, 422, { error: error.message, fields: error.fields });
      if (isCaseNotFoundError(error)) return reply(res, 404, { error: error.message });
      if (isCaseExistsError(error)) return reply(res, 409, { error: error.message });
      if (isConflictError(error)) return reply(res, 409, { error: error.message });
      log(`[error] ${error instanceof Error ? error.stack : String(error)}`);
      return reply(res, 500, { error: 'internal error' });
    }
  }

  let server: Server | undefined;
  let url: string | undefined;
  if (options.port !== null) {
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server!.listen(options.port ?? 0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    log(`[http] listening on ${url}`);
  }
  let working = false;
  const startWorker = async () => {
    if (working) return;
    working = true;
    await runtime.start();
    log('[worker] firing deadlines');
  };
  if (options.worker ?? true) await startWorker();

  return {
    url,
    runtime,
    startWorker,
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      await runtime.close();
    },
  };
}

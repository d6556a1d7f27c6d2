/**
 * A worker process for the outbox crash test (run with `node --import tsx`). Every delivery is
 * appended to `KEFU_OUTBOX_LOG` as `<message id> <type>` before the handler returns.
 *
 * - `KEFU_OUTBOX_MODE=open`: open `KEFU_OUTBOX_CASES` ticket cases due in half a second, start the
 *   timers and the outbox; the handler delivers two messages, then a third and hangs (delivered, never
 *   recorded as delivered). Once every case escalated (committed), print `COMMITTED` and keep running:
 *   the test SIGKILLs it with messages committed and not delivered.
 * - `KEFU_OUTBOX_MODE=work`: start, deliver until the outbox is empty, print `DONE` and exit.
 *
 * The database: PGlite persisted in `KEFU_CRASH_PGLITE_DIR`, or the server at `KEFU_PG_URL`.
 */
import { appendFileSync } from 'node:fs';
import { crashWorkerRuntime } from './crash-runtime.js';
import { plus, ticketMachine } from './runtime-machines.js';

const env = process.env;
const mode = env.KEFU_OUTBOX_MODE;
const log = env.KEFU_OUTBOX_LOG!;
const ids = Array.from({ length: Number(env.KEFU_OUTBOX_CASES ?? '6') }, (_, i) => `OB-${i}`);
let deliveries = 0;

const { db, runtime } = await crashWorkerRuntime([ticketMachine], async (m) => {
  appendFileSync(log, `${m.id} ${m.type}\n`);
  if (mode === 'open' && ++deliveries >= 3) await new Promise(() => {}); // delivered, then stuck before it is recorded
});

const escalated = async () => {
  for (const id of ids) {
    const view = await runtime.read(id);
    if (!view || (view.context as { escalations: unknown[] }).escalations.length === 0) return false;
  }
  return true;
};

if (mode === 'open') {
  const at = new Date().toISOString();
  for (const id of ids) await runtime.open(id, 'test-ticket', { ticketId: id, at, dueAt: plus(at, 500) }, { now: at });
  await runtime.start();
  while (!(await escalated())) await new Promise((r) => setTimeout(r, 100));
  process.stdout.write('COMMITTED\n');
  setInterval(() => {}, 60_000); // keep running until killed
} else if (mode === 'work') {
  await runtime.start();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && (await runtime.outbox!.list()).length > 0) await new Promise((r) => setTimeout(r, 100));
  await runtime.close();
  process.stdout.write(`DONE ${(await runtime.outbox!.list()).length}\n`);
  await db.close();
  process.exit(0);
} else {
  throw new Error(`unknown KEFU_OUTBOX_MODE ${String(mode)}`);
}

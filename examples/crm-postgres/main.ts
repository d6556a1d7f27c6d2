/**
 * Run the CRM example.
 *
 *   npx tsx examples/crm-postgres/main.ts              HTTP endpoint + deadline worker (PGlite in $TMPDIR/kefu-crm-postgres)
 *   KEFU_PG_URL=postgres://… npx tsx examples/crm-postgres/main.ts --http-only     one of many app servers
 *   KEFU_PG_URL=postgres://… npx tsx examples/crm-postgres/main.ts --worker-only   a deadline worker
 *
 * PORT (default 3000) sets the HTTP port; KEFU_PGLITE_DIR the PGlite directory. With PGlite, run one
 * process only (PGlite is in-process).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPostgres, openPGlite } from 'kefu/postgres';
import { startCrm } from './app.js';

const args = new Set(process.argv.slice(2));
const url = process.env.KEFU_PG_URL;
const db = url ? await connectPostgres(url) : await openPGlite(process.env.KEFU_PGLITE_DIR ?? join(tmpdir(), 'kefu-crm-postgres'));
const crm = await startCrm({
  db,
  port: args.has('--worker-only') ? null : Number(process.env.PORT ?? 3000),
  worker: !args.has('--http-only'),
});

const stop = async () => {
  await crm.close();
  await db.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

import { describe, expect, it } from 'vitest';
import { createPostgresRuntime, type PostgresRuntime } from 'kefu/postgres';
import { deployV1, deployV2 } from './support/runtime-machines.js';
import { runDeploy } from './support/runtime-reliability.js';
import { dropTarget, freshTarget, pgBackends, type PgBackend } from './support/runtime-pg.js';

describe.each(pgBackends())('reliability on PostgreSQL: deploy ($name)', (backend: PgBackend) => {
  it('deploy: a case saved under version 1 is migrated and continues under version 2', async () => {
    const target = freshTarget();
    const { db, cleanup } = await backend.open({ target });
    const opened: PostgresRuntime[] = [];
    try {
      const v1 = await createPostgresRuntime({ db, machines: [deployV1], schema: target.schema, bossSchema: target.bossSchema });
      opened.push(v1);
      await runDeploy(
        v1,
        async () => {
          await v1.close(); // the old version is gone; the new one is deployed
          const v2 = await createPostgresRuntime({ db, machines: [deployV2], schema: target.schema, bossSchema: target.bossSchema });
          opened.push(v2);
          return v2;
        },
        { caseId: 'D-1', now: Date.now() - 2 * 3600_000 },
      );
      const row = await db.query<{ machine_version: number }>(`SELECT machine_version FROM "${target.schema}".kefu_cases WHERE case_id = 'D-1'`);
      expect(row.rows[0]!.machine_version).toBe(2);
    } finally {
      for (const r of opened) await r.close();
      await cleanup();
      await dropTarget(backend, target);
    }
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { auditChart, loadCatalog, machinesIn, stateNodesOf } from '../src/catalog/index.js';

/**
 * Every machine present, found on disk: each `machines/<folder>/index.ts` is imported and its
 * exports that are XState machines are checked. A new machine is covered the day its folder
 * appears, whether or not anyone remembered to list it.
 */
const machinesDir = fileURLToPath(new URL('../machines/', import.meta.url));
const folders = readdirSync(machinesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(machinesDir, d.name, 'index.ts')))
  .map((d) => d.name)
  .sort();

const load = (folder: string) => import(/* @vite-ignore */ pathToFileURL(join(machinesDir, folder, 'index.ts')).href) as Promise<Record<string, unknown>>;

describe('every machine reads like the documents in the inspector', () => {
  it('finds the machines under machines/', () => {
    expect(folders).toContain('complaint');
  });

  describe.each(folders)('machines/%s', (folder) => {
    it('exports at least one machine', async () => {
      expect(machinesIn(await load(folder)).length).toBeGreaterThan(0);
    });

    it('every guard, action, delay and invoked actor is named; every state and transition has a description', async () => {
      for (const { exportName, machine } of machinesIn(await load(folder))) {
        const issues = auditChart(machine).map((i) => `${exportName} #${i.state} (${i.kind}): ${i.detail}`);
        expect(issues).toEqual([]);
      }
    });

    it('every state says its Chinese name in meta.zh or its description', async () => {
      for (const { machine } of machinesIn(await load(folder))) {
        const missing = stateNodesOf(machine)
          .filter((n) => !/[\u4e00-\u9fff]/.test(`${(n.meta as { zh?: string } | undefined)?.zh ?? ''}${n.description ?? ''}`))
          .map((n) => n.id);
        expect(missing).toEqual([]);
      }
    });
  });

  it('src/catalog/machines.ts lists every machine present (add a line there for a new machine)', async () => {
    const listed = new Set((await loadCatalog()).map((m) => m.machine));
    const unlisted: string[] = [];
    for (const folder of folders) {
      for (const { exportName, machine } of machinesIn(await load(folder))) {
        // The same module instance is shared, so a listed machine is the very same object.
        if (![...listed].some((m) => m === machine || m.id === machine.id)) unlisted.push(`machines/${folder}: ${exportName}`);
      }
    }
    expect(unlisted).toEqual([]);
  });
});

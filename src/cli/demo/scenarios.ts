import { complaintScenario } from './complaint.scenario.js';
import type { Scenario } from './types.js';

/**
 * The processes of the simulated day, one module each. A scenario runs only when its machine
 * is in the catalogue (`src/catalog/machines.ts`); add calls, return visits and emails here as
 * their machines land (`call.scenario.ts`, `return-visit.scenario.ts`, `email.scenario.ts`).
 */
export const scenarios: readonly Scenario[] = [complaintScenario];

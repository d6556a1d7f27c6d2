import { callScenario } from './call.scenario.js';
import { chatScenario } from './chat.scenario.js';
import { complaintScenario } from './complaint.scenario.js';
import { emailScenario } from './email.scenario.js';
import { returnVisitScenario } from './return-visit.scenario.js';
import type { Scenario } from './types.js';

/**
 * The processes of the simulated day, one module each, in the order the report lists them. A
 * scenario runs only when its machine is in the catalogue (`src/catalog/machines.ts`). Calls
 * and return visits also open complaint cases (a call classified as a complaint, a dissatisfied
 * visit), so complaints arrive through them as well as directly.
 */
export const scenarios: readonly Scenario[] = [callScenario, complaintScenario, returnVisitScenario, emailScenario, chatScenario];

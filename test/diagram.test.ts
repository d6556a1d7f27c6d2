import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createMachine, setup, and, not } from 'xstate';
import { parseMermaid } from 'beautiful-mermaid';
import { complaintMachine } from 'kefu';
import { compoundStatesOf, renderDiagram, svgFontStack, toAscii, toMermaid, toSvg } from 'kefu/diagram';
import { loadCatalog, stateNodesOf } from '../src/catalog/index.js';
import { buildDiagramsDoc, diagramsDocPath, mermaidBlocks, slug } from '../scripts/docs.js';

/** A small chart with every construct: parallel regions, history, a numeric delay, root transitions. */
const sample = setup({
  guards: { isReady: () => true, isLate: () => false },
  delays: { callbackDeadline: 1000 },
}).createMachine({
  id: 'sample',
  description: '示例 — sample',
  initial: 'idle',
  on: { RESET: { target: '.idle', description: 'reset' }, PING: { description: 'ping' } },
  states: {
    idle: { description: 'idle', on: { START: { target: 'work', guard: and(['isReady', not('isLate')]), description: 'start' } } },
    work: {
      description: 'work',
      type: 'parallel',
      states: {
        phone: { description: 'phone', initial: 'ringing', states: { ringing: { description: 'r', after: { callbackDeadline: { target: 'missed', description: 'late' } } }, missed: { description: 'm' } } },
        notes: { description: 'notes', initial: 'empty', states: { empty: { description: 'e', on: { NOTE: { target: 'written', description: 'n' } } }, written: { description: 'w' }, hist: { type: 'history', description: 'h' } } },
      },
      onDone: { target: 'done', description: 'done' },
    },
    done: { type: 'final', description: 'done', meta: { zh: '完成' } },
  },
});

describe('toMermaid: a stateDiagram-v2 of any machine', () => {
  it('draws the complaint machine: nested states, guards on edges, final states, deadlines by name', () => {
    const text = toMermaid(complaintMachine);
    const lines = text.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> register');
    expect(lines).toContain('  state "notStands · 婉转答复" as notStands {');
    expect(lines).toContain('    [*] --> notStands_explaining');
    expect(lines).toContain('  register --> assess : COMPLAINT.REGISTER [isFormComplete]');
    expect(lines).toContain('  assess --> investigate : ASSESS.VALID [and(isAssessmentValid, hasApologyAndPromise)]');
    expect(lines).toContain('  register : ↻ after acknowledgeDeadline');
    expect(lines).toContain('  review : ↻ after reviewDeadline');
    expect(lines).toContain('  closed --> [*]');
    expect(lines).toContain('  closedNotStands --> [*]');
    expect(lines).toContain('  any_state : ↻ REPLY.SEND [isTextPolite]');
    // Loops, when asked for.
    expect(toMermaid(complaintMachine, { selfTransitions: true })).toContain('  register --> register : FORM.UPDATE<br/>after acknowledgeDeadline');
  });

  it('is deterministic and handles parallel regions, history, onDone, root transitions and combined guards', () => {
    expect(toMermaid(sample)).toBe(toMermaid(sample));
    expect(toMermaid(sample)).toMatchInlineSnapshot(`
      "stateDiagram-v2
        direction TB
        state "idle" as idle
        state "work" as work {
          state "phone" as work_phone {
            state "ringing" as work_phone_ringing
            state "missed" as work_phone_missed
            [*] --> work_phone_ringing
          }
          --
          state "notes" as work_notes {
            state "empty" as work_notes_empty
            state "written" as work_notes_written
            state "hist (H)" as work_notes_hist
            [*] --> work_notes_empty
          }
        }
        state "done · 完成" as done
        [*] --> idle
        done --> [*]
        state "(any state)" as any_state
        any_state : ↻ PING
        any_state --> idle : RESET
        idle --> work : START [and(isReady, not(isLate))]
        work --> done : onDone
        work_phone_ringing --> work_phone_missed : after callbackDeadline
        work_notes_empty --> work_notes_written : NOTE
      "
    `);
  });

  it('the flat layout draws leaf states by path, enters compound states at their initial state, leaves them from an (any) node', () => {
    const text = toMermaid(complaintMachine, { layout: 'flat', selfTransitions: false });
    expect(text).toContain('state "notStands.explaining" as notStands_explaining');
    expect(text).toContain('assess --> notStands_explaining : ASSESS.INVALID');
    expect(text).toContain('state "notStands (any)" as notStands_any');
    expect(text).toContain('notStands_any --> closedNotStands : CUSTOMER.ACKNOWLEDGE [hasExplained]');
    expect(text).not.toContain('after acknowledgeDeadline');
  });

  it('a parallel machine is drawn inside one box named after it: Mermaid takes the region separator only inside a composite state', () => {
    const parallel = createMachine({
      id: 'desk',
      type: 'parallel',
      on: { PING: {} },
      states: { a: { initial: 'x', states: { x: { on: { GO: 'y' } }, y: {} } }, b: { initial: 'z', states: { z: {} } } },
    });
    const lines = toMermaid(parallel).split('\n');
    const open = lines.indexOf('  state "desk" as machine_desk {');
    const separator = lines.indexOf('    --');
    expect(open).toBeGreaterThan(0);
    expect(separator).toBeGreaterThan(open);
    expect(lines.indexOf('  }', separator)).toBeGreaterThan(separator);
    expect(lines).not.toContain('  --');
    expect(lines).toContain('  any_state : ↻ PING');
  });

  it('depth 1 draws an overview: compound states as one state marked (+), the moves inside them left out', () => {
    const text = toMermaid(complaintMachine, { depth: 1 });
    expect(text).toContain('  state "propose · 提出处理方案 (+)" as propose\n');
    expect(text).not.toContain('propose_drafting');
    expect(text).toContain('  assess --> notStands : ASSESS.INVALID');
    expect(text).toContain('  notStands --> closedNotStands : CUSTOMER.ACKNOWLEDGE [hasExplained]');
    expect(() => toMermaid(complaintMachine, { depth: 0 })).toThrow(/depth must be 1 or more/);
  });

  it('state draws one compound state with the outside states its transitions reach; a wrong path is a typed error', () => {
    const text = toMermaid(complaintMachine, { state: 'propose', depth: 1 });
    expect(text).toContain('  state "propose · 提出处理方案" as propose {');
    expect(text).toContain('    [*] --> propose_drafting');
    expect(text).toMatch(/^ {2}state "implement · 实施处理方案" as implement$/m);
    expect(text).toContain('  propose_awaitingApproval --> implement : SUPERVISOR.APPROVE [isApprovedProposal]');
    expect(text).toContain('    propose_any : ↻ after approvalDeadline');
    expect(text).toContain('  followUp --> propose : COMPLAINT.REOPEN [wasCustomerNotSatisfied]');
    expect(text).not.toContain('register');
    expect(text).not.toContain('any_state');
    expect(compoundStatesOf(complaintMachine)).toEqual(['notStands', 'propose']);
    expect(() => toMermaid(complaintMachine, { state: 'propose.nope' })).toThrow(expect.objectContaining({ code: 'KEFU_DIAGRAM_OPTIONS', message: expect.stringContaining('propose.nope') }));
  });

  it('renames states whose keys are Mermaid keywords', () => {
    const m = createMachine({ id: 'k', initial: 'end', states: { end: { on: { GO: 'state' } }, state: {} } });
    expect(toMermaid(m)).toContain('s_end --> s_state : GO');
  });
});

describe('every machine of the catalogue renders, offline', () => {
  it('Mermaid text parses, with one node per state', async () => {
    for (const { name, machine } of await loadCatalog()) {
      const graph = parseMermaid(toMermaid(machine));
      const leafStates = stateNodesOf(machine).filter((n) => n.parent && Object.keys(n.states).length === 0);
      for (const leaf of leafStates) expect(graph.nodes.has(leaf.path.join('_')) || [...graph.nodes.keys()].some((k) => k.endsWith(leaf.key)), `${name}: ${leaf.id}`).toBe(true);
    }
  });

  it('ASCII for the terminal: a picture, a numbered legend, and the in-state transitions', async () => {
    for (const { machine } of await loadCatalog()) {
      const ascii = await toAscii(machine);
      expect(ascii).toMatch(/[┌╭│]/);
      expect(ascii).toContain('Transitions:');
    }
    const ascii = await renderDiagram(complaintMachine, { format: 'ascii' });
    expect(ascii).toContain('COMPLAINT.REGISTER [isFormComplete]');
    expect(ascii).toMatch(/register\s+FORM\.UPDATE; after acknowledgeDeadline/);
    expect(await toAscii(complaintMachine, { plainAscii: true })).not.toMatch(/[┌╭│]/);
  }, 240_000);

  it('ASCII: every state name is printed whole in the picture, no edge drawn through a label', async () => {
    for (const { name, machine } of await loadCatalog()) {
      const picture = (await toAscii(machine)).split('\nTransitions:')[0]!;
      const flat = toMermaid(machine, { layout: 'flat', selfTransitions: false, chineseNames: false });
      for (const [, label] of flat.matchAll(/^\s*state "([^"]+)" as \S+$/gm)) expect(picture, `${name}: ${label}`).toContain(label);
    }
  }, 300_000);

  it('SVG for docs, without a browser, self-contained: system fonts, no @import, no URL to fetch', async () => {
    for (const { name, machine } of await loadCatalog()) {
      const svg = await toSvg(machine);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('</svg>');
      expect(svg, name).not.toMatch(/@import|url\(\s*['"]?https?:|fonts\.googleapis/);
      expect(svg, name).toContain(`font-family: ${svgFontStack};`);
    }
    expect(await renderDiagram(complaintMachine, { format: 'svg' })).toContain('acknowledgeDeadline');
  }, 240_000);
});

describe('docs/diagrams.md', () => {
  it('is up to date with the machines (run `npm run docs` to regenerate)', async () => {
    const committed = readFileSync(diagramsDocPath, 'utf8');
    expect(committed, 'docs/diagrams.md is stale: run `npm run docs`').toBe(await buildDiagramsDoc());
  });

  it('embeds each machine whole, or as an overview and one diagram per compound state, linked from the overview', async () => {
    const doc = await buildDiagramsDoc();
    const machines = await loadCatalog();
    const blocks = mermaidBlocks(doc).map((b) => b.trimEnd());
    expect(blocks).toHaveLength(machines.reduce((n, m) => n + 1 + compoundStatesOf(m.machine).length, 0));
    const anchors = new Set([...doc.matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1]!)));
    for (const { name, machine } of machines) {
      expect(doc).toContain(`## ${name}`);
      const states = compoundStatesOf(machine);
      if (states.length === 0) expect(blocks).toContain(toMermaid(machine).trimEnd());
      else expect(blocks).toContain(toMermaid(machine, { depth: 1 }).trimEnd());
      for (const state of states) {
        expect(blocks).toContain(toMermaid(machine, { state, depth: 1 }).trimEnd());
        expect(anchors.has(slug(`${name} › ${state}`))).toBe(true);
        expect(doc).toContain(`](#${slug(`${name} › ${state}`)})`);
      }
    }
    expect(slug('call › connected.transferring')).toBe('call--connectedtransferring');
  });
});

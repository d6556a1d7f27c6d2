/** The help texts; `kefu help <command>` prints one. */
export const usage = {
  main: `kefu — customer-service processes (客服) as XState machines

Usage:
  kefu demo [--cases N] [--seed S] [--json]        walkthroughs, then a simulated day at the desk, with reports
  kefu diagram <machine> [--format mermaid|ascii|svg] [--state S] [--depth N] [--json]
                                                   a machine's state diagram
  kefu rules [--lang zh|en] [--json]               the rule catalogue, every rule ID
  kefu policy --check <file.json> [--json]         validate a policy file (exit 1 when invalid)
  kefu case-file [--case ID] [--format markdown|json]  a walkthrough complaint's file (投诉归档资料), masked
  kefu help [command]                              this help, or a command's
  kefu --version                                   the installed version

--json prints the result as data (JSON on stdout) instead of text.

Exit codes: 0 ok, 1 failure (e.g. an invalid policy), 2 bad arguments.
`,
  demo: `Usage: kefu demo [--cases N] [--seed S] [--json]

First walks through typical flows step by step (a complaint through the seven steps, one
that does not stand, a call transfer that times out then succeeds, a return-visit cycle to
its summary report) and prints the first complaint's file (投诉归档资料, as kefu case-file). Then simulates a day at the service desk on a simulated clock (calls,
complaints, return visits, emails, chats) and prints the reports: complaint classification
statistics, return-visit summary, SLA compliance, transfers, refusals by rule.
Deterministic: the same seed gives the same day. Personal data is printed masked only.

Options:
  --cases N   cases arriving during the day, 1–100000 (default 60)
  --seed S    seed of the simulation (default 1)
  --json      the day's records as JSON (customers masked), without the walkthroughs
`,
  'case-file': `Usage: kefu case-file [--case ID] [--format markdown|json]

Prints the complaint file (投诉归档资料) of a walkthrough complaint of \`kefu demo\`, replayed
through the case runtime: the case, its whole history (who acted, when, applied or refused and by
which rule, the deadlines that fired) and the names of its steps in zh/en. Personal data is
printed masked only (PRIVACY); a host reveals it with exportCaseFile(caseId, { reveal: true }).

Options:
  --case ID       C-WALK-01 (default, the complaint through the seven steps) or C-WALK-02
  --format F      markdown (default) or json
`,
  diagram: `Usage: kefu diagram <machine> [--format mermaid|ascii|svg] [--state S] [--depth N] [--json]

Prints a machine's state diagram, generated from the chart itself:
  mermaid  Mermaid stateDiagram-v2 text (default), for Markdown
  ascii    a terminal picture with a numbered legend
  svg      a self-contained SVG image (kefu diagram complaint --format svg > complaint.svg)

Options (mermaid and svg):
  --depth N    draw N levels of states; deeper compound states are one state marked (+)
  --state S    draw only the inside of compound state S (a dotted path, e.g. connected.transferring)
A large machine reads best as --depth 1, then --state S --depth 1 for each compound state.
  --json       the chart as data (states, transitions) with the diagram as "text"
`,
  rules: `Usage: kefu rules [--lang zh|en] [--json]

Prints the rule catalogue: every rule ID, its area and its message (default zh).
--json prints every rule as { id, area, zh, en, source }.
`,
  policy: `Usage: kefu policy --check <file.json> [--json]

Validates a host's policy file (overrides of the default policy, as definePolicy takes them).
Prints each invalid field by its path; exits 1 when the file is invalid.
--json prints { file, valid, problems: [{ path, message }] } on stdout instead.
`,
} as const;

export type UsageTopic = keyof typeof usage;

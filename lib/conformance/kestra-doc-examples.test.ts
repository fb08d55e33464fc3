// Kestra's own documented example flows (examples/kestra-docs, see its README) through parseFlow: every
// one is accepted, except those in KNOWN_REFUSALS, which are refused with the message given there.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseFlow } from "../flow/parse-flow";

const ROOT = join(__dirname, "../../examples/kestra-docs");

const DOC_BUG = "broken in Kestra's docs:";
const GAP = "Osprey lacks";
const OTHER_PLUGIN = "uses a plugin outside Osprey's families:";

const NEWLINE_ESCAPE = `${DOC_BUG} a \`\\n\` in the Java text block ends a YAML line mid-scalar`;
const UNQUOTED_EXPRESSION = `${DOC_BUG} an unquoted {{ … }} is a YAML flow map, not an expression`;
const TABS_IN_BLOCK = `${DOC_BUG} tab-indented lines in a block scalar, left of its first line`;
const CORE_LOOP = `${GAP} core.flow.Loop (new on Kestra's develop branch, after 1.3)`;
const EE_AUDIT_LOGS = `${OTHER_PLUGIN} Enterprise Edition AuditLogShipper`;
const OPENAI = `${OTHER_PLUGIN} openai`;

/** File (repository/name) → [a substring of the first problem's message, why it is refused]. */
const KNOWN_REFUSALS: Record<string, [string, string]> = {
  "kestra/AllowFailure-2.yaml": ["Map keys must be unique", `${DOC_BUG} \`type:\` under \`taskRunner:\` not indented`],
  "kestra/Concat-2.yaml": ["Unexpected scalar at node end", NEWLINE_ESCAPE],
  "kestra/Reverse-1.yaml": ["Unexpected scalar at node end", NEWLINE_ESCAPE],
  "kestra/Split-4.yaml": ["Unexpected scalar at node end", NEWLINE_ESCAPE],
  "kestra/Fail-3.yaml": ["Nested mappings are not allowed", `${DOC_BUG} task properties indented past \`- id:\``],
  "kestra/Flow-5.yaml": ["multiple documents", `${DOC_BUG} two flows in one block, the second mis-indented`],
  "kestra/Schedule-4.yaml": ["triggers[0].type: required property is missing", `${DOC_BUG} the trigger has no type`],
  "plugin-slack/SlackIncomingWebhook-3.yaml": ["Block scalar lines must not be less indented", TABS_IN_BLOCK],
  "plugin-notifications/SlackIncomingWebhook-3.yaml": ["Block scalar lines must not be less indented", TABS_IN_BLOCK],
  "plugin-email/MailSend-2.yaml": ["attachments: Invalid input", UNQUOTED_EXPRESSION],
  "plugin-notifications/MailSend-2.yaml": ["attachments: Invalid input", UNQUOTED_EXPRESSION],

  "plugin-git/PushFlows-2.yaml": ["core.flow.Loop is a Kestra core type", CORE_LOOP],
  "plugin-git/PushNamespaceFiles-2.yaml": ["core.flow.Loop is a Kestra core type", CORE_LOOP],
  "plugin-git/SyncFlows-2.yaml": ["core.flow.Loop is a Kestra core type", CORE_LOOP],
  "plugin-git/SyncNamespaceFiles-2.yaml": ["core.flow.Loop is a Kestra core type", CORE_LOOP],

  "kestra/Flow-4.yaml": ["notifications.sentry.SentryExecution belongs to", `${OTHER_PLUGIN} Sentry`],
  "kestra/WorkingDirectory-2.yaml": ["mongodb.Load belongs to", `${OTHER_PLUGIN} MongoDB`],
  "plugin-email/MailSend-4.yaml": ["AuditLogShipper belongs to", EE_AUDIT_LOGS],
  "plugin-notifications/MailSend-4.yaml": ["AuditLogShipper belongs to", EE_AUDIT_LOGS],
  "plugin-slack/SlackIncomingWebhook-4.yaml": ["openai.Responses belongs to", OPENAI],
  "plugin-notifications/SlackIncomingWebhook-4.yaml": ["openai.Responses belongs to", OPENAI],
  "plugin-serdes/IonToCsv-2.yaml": ["jdbc.snowflake.Query is not available", `${OTHER_PLUGIN} Snowflake`],
};

const FILES = readdirSync(ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap(({ name: repo }) => readdirSync(join(ROOT, repo)).map((name) => `${repo}/${name}`))
  .filter((file) => file.endsWith(".yaml"))
  .sort();

const firstProblem = new Map<string, string>();

describe("Kestra's documented example flows", () => {
  it.each(FILES)("%s", (file) => {
    const result = parseFlow(readFileSync(join(ROOT, file), "utf8"));
    const message = result.ok ? "" : result.problems[0].message;
    if (!result.ok) firstProblem.set(file, message);
    const known = KNOWN_REFUSALS[file];
    if (known) expect(message, "listed in KNOWN_REFUSALS but accepted").toContain(known[0]);
    else expect(message, "refused").toBe("");
  });

  it("lists in KNOWN_REFUSALS only files that exist", () => {
    expect(Object.keys(KNOWN_REFUSALS).filter((file) => !FILES.includes(file))).toEqual([]);
  });

  afterAll(() => {
    const repos = [...new Set(FILES.map((file) => file.split("/")[0]))];
    const rows = repos.map((repo) => {
      const files = FILES.filter((file) => file.startsWith(`${repo}/`));
      const accepted = files.filter((file) => !firstProblem.has(file)).length;
      return `${repo.padEnd(24)} ${String(accepted).padStart(4)} / ${files.length}`;
    });
    const reasons = new Map<string, string[]>();
    for (const file of firstProblem.keys()) {
      const why = KNOWN_REFUSALS[file]?.[1] ?? `not expected: ${firstProblem.get(file)}`;
      reasons.set(why, [...(reasons.get(why) ?? []), file]);
    }
    const accepted = FILES.length - firstProblem.size;
    console.log(
      [
        `Kestra doc examples: ${accepted} / ${FILES.length} accepted`,
        ...rows,
        "",
        "refused, by reason:",
        ...[...reasons].sort().map(([why, files]) => `  ${why}\n    ${files.join("\n    ")}`),
      ].join("\n"),
    );
  });
});

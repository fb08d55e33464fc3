import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MASKED_KEY, maskWebhookKey, maskWebhookKeys } from "./mask-webhook-keys";

const flow = (triggers: string, extra = "") => `# a comment kept
id: hooked   # trailing comment
namespace: team.a
${extra}tasks:
  - id: set
    type: io.kestra.plugin.core.kv.Set
    key: not-a-webhook-key
    value: x
triggers:
${triggers}`;

describe("maskWebhookKeys", () => {
  it("replaces only the key's scalar: every other byte stays as written", () => {
    const source = flow(`  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: s3cr3t-key   # the credential
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
`);
    expect(maskWebhookKeys(source)).toBe(source.replace("key: s3cr3t-key", `key: "${MASKED_KEY}"`));
  });

  it("masks quoted, block and flow-style keys, old type names, and an anchored key reached by an alias", () => {
    const source = flow(
      `  - id: a
    type: io.kestra.core.models.triggers.types.Webhook
    key: 'single quoted'
  - {id: b, type: io.kestra.plugin.core.trigger.Webhook, key: "double \\" quoted"}
  - id: c
    type: io.kestra.plugin.core.trigger.Webhook
    key: |
      block-key
  - id: d
    type: io.kestra.plugin.core.trigger.Webhook
    key: *shared
`,
      "labels:\n  kept: &shared anchored-key\n",
    );
    const masked = maskWebhookKeys(source);
    for (const secret of ["single quoted", 'double \\" quoted', "block-key", "anchored-key"])
      expect(masked).not.toContain(secret);
    const read = parse(masked) as { triggers: { key: string }[]; labels: { kept: string }; tasks: { key: string }[] };
    expect(read.triggers.map((t) => t.key)).toEqual([MASKED_KEY, MASKED_KEY, MASKED_KEY, MASKED_KEY]);
    // The anchored scalar is masked where it is written; a kv.Set's `key` is not a webhook's.
    expect(read.labels.kept).toBe(MASKED_KEY);
    expect(read.tasks[0].key).toBe("not-a-webhook-key");
    // Lines around the block scalar stay where they were.
    expect(masked.split("\n").length).toBe(source.split("\n").length - 1);
    expect(masked).toContain(`    key: "${MASKED_KEY}"\n  - id: d\n`);
  });

  it("masks a key given to webhooks by pluginDefaults (their type or a prefix of it)", () => {
    const source = flow(
      `  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
`,
      "pluginDefaults:\n  - type: io.kestra.plugin.core.trigger\n    values:\n      key: from-defaults\n  - type: io.kestra.plugin.scripts\n    values:\n      key: not-for-webhooks\n",
    );
    const masked = maskWebhookKeys(source);
    expect(masked).toBe(source.replace("key: from-defaults", `key: "${MASKED_KEY}"`));
  });

  it("returns a flow without webhooks unchanged", () => {
    const source = flow("  - id: n\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: '@daily'\n");
    expect(maskWebhookKeys(source)).toBe(source);
  });
});

describe("maskWebhookKey", () => {
  it("masks a parsed Webhook trigger's key and leaves other triggers as they are", () => {
    expect(maskWebhookKey({ id: "h", type: "io.kestra.plugin.core.trigger.Webhook", key: "k" })).toEqual({
      id: "h",
      type: "io.kestra.plugin.core.trigger.Webhook",
      key: MASKED_KEY,
    });
    const schedule = { id: "s", type: "io.kestra.plugin.core.trigger.Schedule", cron: "@daily" };
    expect(maskWebhookKey(schedule)).toBe(schedule);
    expect(maskWebhookKey(null)).toBeNull();
  });
});

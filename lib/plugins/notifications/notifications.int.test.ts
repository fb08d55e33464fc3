import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";

// Kestra's notification tasks on the real engine, posting to an HTTP receiver this test starts on
// loopback (reachable only because the test allows private addresses, as an admin would); the
// receiver records exactly what arrives.
const t = useTestExecutor({ OSPREY_HTTP_ALLOW_PRIVATE: "true", OSPREY_BASE_URL: "https://osprey.example.com" });
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
type Run = { taskId: string; state: string; error: string | null };

const received: { url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let base = "";
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c.toString()));
  req.on("end", () => {
    received.push({ url: req.url!, headers: req.headers, body });
    if (req.url?.startsWith("/fail")) {
      res.writeHead(500);
      res.end("invalid_token");
    } else if (req.url?.includes("/sendMessage")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { message_id: 1 } }));
    } else {
      res.writeHead(200);
      res.end("ok");
    }
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  received.length = 0;
});
const bodyOf = (path: string) => JSON.parse(received.find((r) => r.url === path)!.body) as Record<string, unknown>;

describe("notifications", () => {
  it("SlackIncomingWebhook (today's and the old name) posts the rendered payload as JSON; messageText becomes mrkdwn", async () => {
    const { execution } = await run(`id: slack
namespace: it.notify
tasks:
  - id: payload
    type: io.kestra.plugin.slack.notifications.SlackIncomingWebhook
    url: ${base}/slack/a
    options: { headers: { X-Team: blue } }
    payload: |
      { "text": "Flow {{ flow.id }} says {{ 1 + 1 }}" }
  - id: old_name
    type: io.kestra.plugin.notifications.slack.SlackIncomingWebhook
    url: ${base}/slack/b
    messageText: "**Done** in [Osprey](https://osprey.example.com)"
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(bodyOf("/slack/a")).toEqual({ text: "Flow slack says 2" });
    const first = received.find((r) => r.url === "/slack/a")!;
    expect([first.headers["content-type"], first.headers["x-team"]]).toEqual(["application/json", "blue"]);
    expect(bodyOf("/slack/b")).toEqual({ text: "*Done* in <https://osprey.example.com|Osprey>" });
  });

  it("a refused answer fails the task with the service's answer; the flow's errors branch runs SlackExecution with the failed task", async () => {
    const { execution } = await run(`id: slack_fail
namespace: it.notify
tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: broken
errors:
  - id: alert
    type: io.kestra.plugin.slack.notifications.SlackExecution
    url: ${base}/slack/summary
    customMessage: "Look at {{ flow.id }}"
    customFields: { Team: data }
    channel: "#alerts"
  - id: refused
    type: io.kestra.plugin.slack.notifications.SlackIncomingWebhook
    url: ${base}/fail
    payload: '{"text": "x"}'
`);
    expect(execution.state).toBe(State.FAILED);
    const runs = execution.taskRuns as Run[];
    expect(runs.find((r) => r.taskId === "alert")!.state).toBe(State.SUCCESS);
    const refused = runs.find((r) => r.taskId === "refused")!;
    expect([refused.state, refused.error]).toEqual([
      State.FAILED,
      "Slack webhook request failed with status 500 - invalid_token",
    ]);
    const summary = bodyOf("/slack/summary") as {
      text: string;
      channel: string;
      blocks: { text: { text: string }; accessory?: { url: string } }[];
      attachments: { color: string; fields: { title: string; value: unknown }[] }[];
    };
    const link = `https://osprey.example.com/executions/${execution.id}`;
    expect(summary.text).toMatch(
      new RegExp(
        `^\\*<${link}\\|\\[it\\.notify\\] slack_fail ➛ RUNNING>\\*\\n> Failed on task \`boom\` after \\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`,
      ),
    );
    expect(summary.channel).toBe("#alerts");
    expect(summary.blocks[0].text.text).toBe("Look at slack_fail");
    expect(summary.blocks[1].accessory?.url).toBe(link);
    expect(summary.attachments[0].color).toBe("danger");
    expect(summary.attachments[0].fields.map((f) => [f.title, f.value])).toEqual([
      ["Namespace", "it.notify"],
      ["Flow ID", "slack_fail"],
      ["Execution ID", execution.id],
      ["Execution Status", State.RUNNING],
      ["Team", "data"],
      ["Final task ID", "boom"],
    ]);
  });

  it("an execution out of the flow's reach reads as not found", async () => {
    const { execution: other } = await run(`id: elsewhere
namespace: other.team
tasks:
  - { id: hi, type: io.kestra.plugin.core.log.Log, message: hi }
`);
    const { execution } = await run(`id: peek
namespace: it.notify
tasks:
  - id: summary
    type: io.kestra.plugin.slack.notifications.SlackExecution
    url: ${base}/slack/peek
    executionId: ${other.id}
`);
    expect((execution.taskRuns as Run[])[0].error).toBe(`execution ${other.id} not found in namespace it.notify`);
    expect(received).toHaveLength(0);
  });

  it("Teams, Discord, Google Chat, Zulip (old names too) and Telegram post what each service expects", async () => {
    const { execution } = await run(`id: services
namespace: it.notify
tasks:
  - { id: hello, type: io.kestra.plugin.core.log.Log, message: hi }
  - id: teams
    type: io.kestra.plugin.notifications.teams.TeamsIncomingWebhook
    url: ${base}/teams
    payload: '{"text": "{{ flow.id }}"}'
  - id: teams_summary
    type: io.kestra.plugin.microsoft365.teams.TeamsExecution
    url: ${base}/teams/summary
    activityTitle: Nightly
  - id: discord
    type: io.kestra.plugin.discord.DiscordExecution
    url: ${base}/discord
    username: Osprey
    content: done
    embedList:
      - { title: Nightly, color: [255, 0, 0] }
  - id: chat
    type: io.kestra.plugin.notifications.google.GoogleChatExecution
    url: ${base}/chat
  - id: zulip
    type: io.kestra.plugin.zulip.ZulipIncomingWebhook
    url: ${base}/zulip
    payload: '{"text": "z"}'
  - id: telegram
    type: io.kestra.plugin.telegram.TelegramSend
    token: "123:abc"
    channel: "-100"
    endpointOverride: ${base}
    parseMode: HTML
    payload: "<b>{{ flow.id }}</b> ok"
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect(received.find((r) => r.url === "/teams")!.body).toBe('{"text": "services"}');
    const card = bodyOf("/teams/summary") as {
      "@type": string;
      themeColor: string;
      sections: { activityTitle: string; facts: { name: string; value: string }[] }[];
    };
    expect([card["@type"], card.themeColor, card.sections[0].activityTitle]).toEqual([
      "MessageCard",
      "0076D7",
      "Nightly",
    ]);
    expect(card.sections[0].facts.at(-1)).toEqual({ name: "Final task ID", value: "teams" });
    const discord = bodyOf("/discord") as {
      username: string;
      content: string;
      tts: boolean;
      embeds: Record<string, unknown>[];
    };
    expect([discord.username, discord.content, discord.tts]).toEqual(["Osprey", "done", false]);
    expect(discord.embeds[0]).toMatchObject({ title: "Nightly", color: 0xff0000 });
    expect(String(discord.embeds[0].description)).toContain(`Execution ID: ${execution.id}`);
    expect(String(bodyOf("/chat").text)).toMatch(/^Kestra Google notification: Namespace it\.notify, Flow ID services/);
    expect(bodyOf("/zulip")).toEqual({ text: "z" });
    expect(bodyOf("/bot123:abc/sendMessage")).toEqual({
      chat_id: "-100",
      text: "<b>services</b> ok",
      parse_mode: "HTML",
    });
  });

  it("SquadcastExecution and WhatsAppExecution (old names too) post Kestra's summaries with the task's fields", async () => {
    const { execution } = await run(`id: incidents
namespace: it.notify
tasks:
  - { id: hello, type: io.kestra.plugin.core.log.Log, message: hi }
  - id: squadcast
    type: io.kestra.plugin.squadcast.SquadcastExecution
    url: ${base}/squadcast
    message: "Kestra Squadcast alert"
    priority: P1
    eventId: "6"
    status: trigger
    tags: { severity: high }
  - id: squadcast_old
    type: io.kestra.plugin.notifications.squadcast.SquadcastExecution
    url: ${base}/squadcast/old
  - id: whatsapp
    type: io.kestra.plugin.notifications.whatsapp.WhatsAppExecution
    url: ${base}/whatsapp
    profileName: MyProfile
    from: 380999999999
    messageId: m1
    whatsAppIds: [a1, b2]
  - id: whatsapp_plain
    type: io.kestra.plugin.meta.whatsapp.WhatsAppExecution
    url: ${base}/whatsapp/plain
    recipientId: r9
`);
    expect(execution.state).toBe(State.SUCCESS);
    const link = `https://osprey.example.com/executions/${execution.id}`;
    const duration = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    const squadcast = bodyOf("/squadcast");
    expect({ ...squadcast, description: undefined }).toEqual({
      description: undefined,
      message: "Kestra Squadcast alert",
      priority: "P1",
      event_id: "6",
      status: "trigger",
      tags: { severity: "high" },
    });
    expect(String(squadcast.description)).toMatch(
      new RegExp(
        `^\\*<${link}\\|\\[it\\.notify\\] incidents &rarr; RUNNING>\\*\\nFinal task ID: hello\\nStatus: Succeeded\\nDuration: ${duration}$`,
      ),
    );
    // Each summary's final task is the one before it: the notifying task is left out.
    expect(Object.keys(bodyOf("/squadcast/old"))).toEqual(["description"]);
    expect(String(bodyOf("/squadcast/old").description)).toContain("Final task ID: squadcast\n");
    const whatsapp = bodyOf("/whatsapp") as {
      contacts: unknown[];
      messages: { from: string; id: string; type: string; text: { body: string[] } }[];
    };
    expect(whatsapp.contacts).toEqual([
      { profile: { name: "MyProfile" }, wa_id: "a1" },
      { profile: { name: "MyProfile" }, wa_id: "b2" },
    ]);
    expect([whatsapp.messages[0].from, whatsapp.messages[0].id, whatsapp.messages[0].type]).toEqual([
      "380999999999",
      "m1",
      "text",
    ]);
    expect(whatsapp.messages[0].text.body.slice(0, 5)).toEqual([
      "Namespace it.notify",
      "Flow ID incidents",
      `Execution ID ${execution.id}`,
      "Execution Status RUNNING",
      "Final task ID squadcast_old",
    ]);
    expect(whatsapp.messages[0].text.body[5]).toMatch(
      new RegExp(`^\\*<${link}\\|\\[it\\.notify\\] incidents ➛ RUNNING>\\*\\n> Succeeded after ${duration}$`),
    );
    const plain = bodyOf("/whatsapp/plain") as {
      contacts: unknown[];
      messages: Record<string, unknown>[];
      recipient_id: string;
    };
    expect([plain.contacts, plain.recipient_id, Object.keys(plain.messages[0])]).toEqual([[], "r9", ["text", "type"]]);
  });

  it("OSPREY_NOTIFICATION_HOSTS keeps notifications to the hosts an admin lists", async () => {
    await t.deps.db.setting.upsert({
      where: { key: "OSPREY_NOTIFICATION_HOSTS" },
      create: { key: "OSPREY_NOTIFICATION_HOSTS", value: "hooks.slack.com" },
      update: { value: "hooks.slack.com" },
    });
    try {
      const { execution } = await run(`id: guarded
namespace: it.notify
tasks:
  - id: out
    type: io.kestra.plugin.slack.notifications.SlackIncomingWebhook
    url: ${base}/slack/guarded
    payload: '{"text": "x"}'
`);
      expect((execution.taskRuns as Run[])[0].error).toBe(
        "notifications may not be sent to 127.0.0.1: an admin allows only hooks.slack.com (OSPREY_NOTIFICATION_HOSTS)",
      );
      expect(received).toHaveLength(0);
    } finally {
      await t.deps.db.setting.deleteMany({ where: { key: "OSPREY_NOTIFICATION_HOSTS" } });
    }
  });
});

import { State } from "../../states/states";
import { type ExecutionMap, headline, isMap, outcomeLine } from "./execution-map";

// The payloads of Kestra's `*Execution` notifications, as its templates (slack-template.peb,
// teams-template.peb, discord-template.peb, google-chat-template.peb, telegram-template.peb,
// zulip-template.peb, squadcast-template.peb, whatsapp-template.peb) write them, built as objects instead of rendered text.

type Json = Record<string, unknown>;

const field = (title: string, value: unknown) => ({ title, value, short: true });

/** Slack's (and Zulip's, which only moves the custom fields last): text, blocks and a coloured attachment. */
export function slackPayload(map: ExecutionMap, customFieldsLast = false): Json {
  const title = map.link ? `*<${map.link}|${headline(map)}>*` : `*${headline(map)}*`;
  const text = `${title}\n> ${outcomeLine(map)}`;
  const state = map.execution.state.current;
  const custom = Object.entries(map.customFields ?? {}).map(([key, value]) => field(key, value));
  const finalTask = field("Final task ID", map.lastTask?.taskId ?? null);
  return {
    text,
    blocks: [
      ...(map.customMessage === undefined
        ? []
        : [{ type: "section", text: { type: "mrkdwn", text: map.customMessage } }]),
      {
        type: "section",
        text: { type: "mrkdwn", text },
        ...(map.link
          ? { accessory: { type: "button", text: { type: "plain_text", text: "Details" }, url: map.link } }
          : {}),
      },
    ],
    attachments: [
      {
        color: state === State.SUCCESS ? "good" : state === State.WARNING ? "warning" : "danger",
        fields: [
          field("Namespace", map.execution.namespace),
          field("Flow ID", map.execution.flowId),
          field("Execution ID", map.execution.id),
          field("Execution Status", state),
          ...(customFieldsLast ? [finalTask, ...custom] : [...custom, finalTask]),
        ],
        ts: Math.floor(Date.parse(map.startDate) / 1000),
      },
    ],
  };
}

/** Slack's legacy-webhook keys, set when given (channel, username, icon_url, icon_emoji). */
export function legacySlackKeys(props: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [from, to] of [
    ["channel", "channel"],
    ["username", "username"],
    ["iconUrl", "icon_url"],
    ["iconEmoji", "icon_emoji"],
  ] as const)
    if (props[from] != null) out[to] = String(props[from]);
  return out;
}

/** A Microsoft Teams MessageCard. */
export function teamsPayload(map: ExecutionMap, props: Record<string, unknown>): Json {
  const link = map.link ? `*<${map.link}|${headline(map)}>*` : `*${headline(map)}*`;
  const fact = (name: string, value: unknown) => ({ name, value: value == null ? "" : String(value) });
  return {
    "@type": "MessageCard",
    "@context": "http://schema.org/extensions",
    themeColor: String(props.themeColor ?? "0076D7"),
    summary: `${link}\n> ${outcomeLine(map)}`,
    sections: [
      {
        ...(props.activityTitle == null ? {} : { activityTitle: String(props.activityTitle) }),
        ...(props.activitySubtitle == null ? {} : { activitySubtitle: String(props.activitySubtitle) }),
        facts: [
          fact("Namespace", map.execution.namespace),
          fact("Flow ID", map.execution.flowId),
          fact("Execution ID", map.execution.id),
          fact("Execution Status", map.execution.state.current),
          fact("Final task ID", map.lastTask?.taskId),
        ],
        markdown: true,
      },
    ],
  };
}

/** Discord: one embed with the facts, then the task's username, avatar, content and own embeds. */
export function discordPayload(map: ExecutionMap, props: Record<string, unknown>): Json {
  const description =
    `Namespace: ${map.execution.namespace}\nFlow ID: ${map.execution.flowId}\nExecution ID: ${map.execution.id}\n` +
    `Execution Status: ${map.execution.state.current} \nFinal task ID: ${map.lastTask?.taskId ?? ""}` +
    (map.link ? `\n\n[Link to the Execution page](${map.link})` : "");
  const summary = { description, footer: { text: outcomeLine(map) } };
  const given = Array.isArray(props.embedList) ? props.embedList.filter(isMap).map(discordEmbed) : [];
  const embeds = given.length ? [{ ...given[0], ...summary }, ...given.slice(1)] : [summary];
  return {
    embeds,
    ...(props.username == null ? {} : { username: String(props.username) }),
    ...(props.avatarUrl == null ? {} : { avatar_url: String(props.avatarUrl) }),
    tts: false,
    ...(props.content == null ? {} : { content: String(props.content) }),
  };
}

/** A Kestra `Embed` (title, websiteUrl, description, thumbnail, authorName, color as [r, g, b], footer) as Discord's. */
function discordEmbed(embed: Record<string, unknown>): Json {
  const out: Json = {};
  if (embed.title != null) out.title = String(embed.title);
  if (embed.websiteUrl != null) out.url = String(embed.websiteUrl);
  if (embed.description != null) out.description = String(embed.description);
  if (embed.thumbnail != null) out.thumbnail = { url: String(embed.thumbnail) };
  if (embed.authorName != null)
    out.author = {
      name: String(embed.authorName),
      ...(embed.websiteUrl == null ? {} : { url: String(embed.websiteUrl) }),
    };
  if (Array.isArray(embed.color) && embed.color.length === 3) {
    const [r, g, b] = embed.color.map(Number);
    out.color = (r << 16) + (g << 8) + b;
  }
  if (embed.footer != null) out.footer = { text: String(embed.footer) };
  return out;
}

/** Google Chat: one text; the task's `text` replaces it. */
export function googleChatPayload(map: ExecutionMap, props: Record<string, unknown>): Json {
  if (props.text != null) return { text: String(props.text) };
  const e = map.execution;
  const link = map.link ? `*<${map.link}|${headline(map)}>*` : `*${headline(map)}*`;
  return {
    text:
      `Kestra Google notification: Namespace ${e.namespace}, Flow ID ${e.flowId}, Execution ID ${e.id}, ` +
      `Execution Status ${e.state.current}, Final task ID ${map.lastTask?.taskId ?? ""}. ${link}\n> ${outcomeLine(map)}`,
  };
}

/** Telegram's message text (Kestra's template, its quotes included). */
export function telegramText(map: ExecutionMap): string {
  const e = map.execution;
  return `"<${e.namespace} ${e.flowId} ${e.id} ➛ ${e.state.current} - Final task ID ➛ ${map.lastTask?.taskId ?? ""}> ${outcomeLine(map)}${map.link ? ` (${map.link})` : ""}"`;
}

/**
 * Squadcast: the template's description (its `&rarr;` kept, as Kestra sends it), then the task's
 * message, priority, event_id, status and tags, each set when given.
 */
export function squadcastPayload(map: ExecutionMap, props: Record<string, unknown>): Json {
  const e = map.execution;
  const title = `[${e.namespace}] ${e.flowId} &rarr; ${e.state.current}`;
  const status = map.firstFailed === false ? "Succeeded" : `Failed on task \`${map.firstFailed.taskId}\``;
  const out: Json = {
    description:
      `*${map.link ? `<${map.link}|${title}>` : title}*\nFinal task ID: ${map.lastTask?.taskId ?? ""}` +
      `\nStatus: ${status}\nDuration: ${map.duration}`,
  };
  for (const [from, to] of [
    ["message", "message"],
    ["priority", "priority"],
    ["eventId", "event_id"],
    ["status", "status"],
  ] as const)
    if (props[from] != null) out[to] = String(props[from]);
  if (isMap(props.tags) && Object.keys(props.tags).length > 0)
    out.tags = Object.fromEntries(Object.entries(props.tags).map(([k, v]) => [k, String(v)]));
  return out;
}

/**
 * WhatsApp: the template's message (its text a list of lines), then the task's contacts (profileName
 * with whatsAppIds), its own message when `from` is given (textBody replacing the text) and recipient_id.
 */
export function whatsAppPayload(map: ExecutionMap, props: Record<string, unknown>): Json {
  const e = map.execution;
  const text = {
    body: [
      `Namespace ${e.namespace}`,
      `Flow ID ${e.flowId}`,
      `Execution ID ${e.id}`,
      `Execution Status ${e.state.current}`,
      `Final task ID ${map.lastTask?.taskId ?? ""}`,
      `${map.link ? `*<${map.link}|${headline(map)}>*` : `*${headline(map)}*`}\n> ${outcomeLine(map)}`,
    ],
  };
  const ids = Array.isArray(props.whatsAppIds) ? props.whatsAppIds.map(String) : [];
  const out: Json = {
    contacts:
      props.profileName != null && ids.length > 0
        ? ids.map((id) => ({ profile: { name: String(props.profileName) }, wa_id: id }))
        : [],
    messages: [
      props.from == null
        ? { text, type: "text" }
        : {
            from: String(props.from),
            ...(props.messageId == null ? {} : { id: String(props.messageId) }),
            text: props.textBody == null ? text : { body: String(props.textBody) },
            type: "text",
          },
    ],
  };
  if (props.recipientId != null) out.recipient_id = String(props.recipientId);
  return out;
}

/** Kestra's toSlackMrkdwn: a plain `messageText` written in Markdown, as Slack's mrkdwn. */
export function slackMrkdwn(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, "*$1*")
    .replace(/__(.+?)__/g, "_$1_")
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, "<$2|$1>");
}

import type { PluginContext, PluginOutcome, PluginRun, PluginRunners } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { durationMs } from "../../values/values";
import { type ExecutionMap, executionMap, isMap } from "./execution-map";
import { NOTIFICATIONS } from "./notification-schemas";
import {
  discordPayload,
  googleChatPayload,
  legacySlackKeys,
  slackMrkdwn,
  slackPayload,
  squadcastPayload,
  teamsPayload,
  telegramText,
  whatsAppPayload,
} from "./payloads";

type Props = Record<string, unknown>;

/** What each service posts: a message given as written, or an execution's summary. */
const WEBHOOK_BODY: Record<string, (props: Props) => string> = {
  Slack: slackBody,
  Discord: (props) => reserialized(props.payload, "payload"),
};

const SUMMARY_BODY: Record<string, (map: ExecutionMap, props: Props) => string> = {
  Slack: (map, props) => JSON.stringify({ ...slackPayload(map), ...legacySlackKeys(props) }),
  Zulip: (map, props) => JSON.stringify({ ...slackPayload(map, true), ...legacySlackKeys(props) }),
  Teams: (map, props) => JSON.stringify(teamsPayload(map, props)),
  // Kestra's DiscordExecution sends a payload it is given instead of the summary.
  Discord: (map, props) =>
    hasText(props.payload) ? reserialized(props.payload, "payload") : JSON.stringify(discordPayload(map, props)),
  GoogleChat: (map, props) => JSON.stringify(googleChatPayload(map, props)),
  Squadcast: (map, props) => JSON.stringify(squadcastPayload(map, props)),
  WhatsApp: (map, props) => JSON.stringify(whatsAppPayload(map, props)),
};

export const NOTIFICATION_RUNNERS: PluginRunners = Object.fromEntries(
  NOTIFICATIONS.map(({ schema, service, kind }): [string, PluginRun] => {
    if (service === "Telegram")
      return [
        schema.type,
        kind === "webhook"
          ? (ctx, props) => sendTelegram(ctx, props, required(props.payload, "payload"))
          : async (ctx, props) => sendTelegram(ctx, props, telegramText(await summaryOf(ctx, props))),
      ];
    if (kind === "webhook")
      return [schema.type, (ctx, props) => send(ctx, props, (WEBHOOK_BODY[service] ?? verbatim)(props), service)];
    const body = SUMMARY_BODY[service];
    return [schema.type, async (ctx, props) => send(ctx, props, body(await summaryOf(ctx, props), props), service)];
  }),
);

async function summaryOf(ctx: PluginContext, props: Props): Promise<ExecutionMap> {
  const id = hasText(props.executionId) ? String(props.executionId) : ctx.execution.id;
  const facts = await ctx.executionFacts(id);
  if (!facts) throw new Error(`execution ${id} not found in namespace ${ctx.execution.namespace}`);
  return executionMap(facts, props, new Date(), id === ctx.execution.id ? ctx.taskId : undefined);
}

/** Kestra's Slack: `payload` (JSON, re-serialized), else `messageText` (JSON as is, or text as mrkdwn). */
function slackBody(props: Props): string {
  if (props.payload != null) return reserialized(props.payload, "payload");
  if (props.messageText == null) throw new Error("Either 'messageText' or 'payload' must be provided");
  const text = String(props.messageText);
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify({ text: slackMrkdwn(text) });
  }
}

function verbatim(props: Props): string {
  const payload = required(props.payload, "payload");
  return typeof payload === "string" ? payload : JSON.stringify(payload);
}

function reserialized(payload: unknown, name: string): string {
  if (isMap(payload) || Array.isArray(payload)) return JSON.stringify(payload);
  const text = String(required(payload, name));
  try {
    return JSON.stringify(JSON.parse(text));
  } catch (err) {
    throw new Error(`${name} is not valid JSON: ${(err as Error).message}`);
  }
}

async function send(ctx: PluginContext, props: Props, body: string, service: string): Promise<PluginOutcome> {
  const options = isMap(props.options) ? props.options : {};
  const response = await ctx.post({
    url: String(required(props.url, "url")),
    body,
    headers: { ...stringMap(options.headers), "Content-Type": "application/json" },
    readTimeoutMs: durationMs(options.readTimeout, "options.readTimeout"),
  });
  // Slack's SDK wants exactly 200; the others fail from 400 on, as Kestra's HTTP client does.
  if (service === "Slack" ? response.status !== 200 : response.status >= 400)
    throw new Error(
      service === "Slack"
        ? `Slack webhook request failed with status ${response.status} - ${response.body}`
        : `Failed http request with response code '${response.status}'${response.body ? ` and body:\n${response.body}` : ""}`,
    );
  ctx.log(`Request succeeded (${response.status})`, "DEBUG");
  return { state: State.SUCCESS, outputs: {} };
}

/** Telegram's Bot API: sendMessage to `channel` with the text. */
async function sendTelegram(ctx: PluginContext, props: Props, text: unknown): Promise<PluginOutcome> {
  const endpoint = hasText(props.endpointOverride) ? String(props.endpointOverride) : "https://api.telegram.org";
  const parseMode = props.parseMode === "MARKDOWNV2" ? "MarkdownV2" : props.parseMode === "HTML" ? "HTML" : undefined;
  const options = isMap(props.options) ? props.options : {};
  const response = await ctx.post({
    url: `${endpoint.replace(/\/+$/, "")}/bot${String(required(props.token, "token"))}/sendMessage`,
    body: JSON.stringify({
      chat_id: String(required(props.channel, "channel")),
      text: String(text),
      ...(parseMode ? { parse_mode: parseMode } : {}),
    }),
    headers: { ...stringMap(options.headers), "Content-Type": "application/json" },
    readTimeoutMs: durationMs(options.readTimeout, "options.readTimeout"),
  });
  const ok = response.status === 200 && (parseJson(response.body) as { ok?: unknown } | undefined)?.ok === true;
  if (!ok) throw new Error(`Unable to send Telegram message: ${response.status} ${response.body}`.trim());
  return { state: State.SUCCESS, outputs: {} };
}

function required(value: unknown, name: string): unknown {
  if (value === undefined || value === null || value === "") throw new Error(`${name} is required`);
  return value;
}

const hasText = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== "";

function stringMap(value: unknown): Record<string, string> {
  return isMap(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : {};
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

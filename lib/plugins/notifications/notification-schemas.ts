import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZDuration, ZNumber, ZStringMap } from "../../plugin-kit/props";

// Kestra's notification tasks: each service's `*IncomingWebhook` (a payload posted as written) and
// `*Execution` (an execution's summary). Today each lives in its own plugin (plugin-slack,
// plugin-microsoft365, …); the old io.kestra.plugin.notifications.* names are aliases.

const OLD = "io.kestra.plugin.notifications";

const ZOptions = z
  .object({
    connectTimeout: ZDuration.optional(),
    readTimeout: ZDuration.optional().describe("Longest wait for the answer. Default PT10S."),
    readIdleTimeout: ZDuration.optional(),
    connectionPoolIdleTimeout: ZDuration.optional(),
    maxContentLength: ZNumber.optional(),
    defaultCharset: z.string().optional(),
    headers: ZStringMap.optional().describe("Headers added to the request."),
  })
  .strict()
  .describe("HTTP options of the request.");

const ZPayload = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .describe("The message as the service's JSON, rendered (a map is sent as JSON).");

const url = (service: string) =>
  z.string().min(1).describe(`The ${service} incoming-webhook URL; keep it in a secret.`);

const executionShape = {
  executionId: z
    .string()
    .optional()
    .describe(
      "The execution to report on. Default `{{ execution.id }}`; in a flow run by a Flow trigger, `{{ trigger.executionId }}`.",
    ),
  customFields: ZStringMap.optional().describe("Extra fields shown with the summary."),
  customMessage: z.string().optional().describe("A message shown above the summary."),
  templateUri: z.string().optional().describe("Accepted for Kestra's flows; the summary's template is fixed."),
  templateRenderMap: ZStringMap.optional().describe("Accepted for Kestra's flows; set by the task itself."),
};

interface Service {
  /** The type's package today, and the class names' prefix. */
  pkg: string;
  name: string;
  label: string;
  oldPkg: string;
  /** Extra old names (plugin-slack 1.0 had no `notifications` package). */
  extraAliases?: (cls: string) => string[];
  webhook: z.ZodRawShape;
  execution: z.ZodRawShape;
  /** Telegram's webhook is `TelegramSend`. */
  webhookClass?: string;
}

const legacySlack = {
  channel: z.string().optional().describe("Legacy webhooks only: the channel to post to."),
  username: z.string().optional().describe("Legacy webhooks only: the author's name."),
  iconUrl: z.string().optional().describe("Legacy webhooks only: the author's icon URL."),
  iconEmoji: z.string().optional().describe("Legacy webhooks only: the author's icon emoji."),
};

const SERVICES: Service[] = [
  {
    pkg: "io.kestra.plugin.slack.notifications",
    name: "Slack",
    label: "Slack",
    oldPkg: `${OLD}.slack`,
    extraAliases: (cls) => [`io.kestra.plugin.slack.${cls}`],
    webhook: {
      url: url("Slack"),
      payload: ZPayload.optional(),
      messageText: z
        .string()
        .optional()
        .describe("A plain message (Markdown is turned into Slack's mrkdwn), used when there is no payload."),
      options: ZOptions.optional(),
    },
    execution: legacySlack,
  },
  {
    pkg: "io.kestra.plugin.microsoft365.teams",
    name: "Teams",
    label: "Microsoft Teams",
    oldPkg: `${OLD}.teams`,
    webhook: { url: url("Microsoft Teams"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: {
      themeColor: z.string().optional().describe("The card's colour. Default 0076D7."),
      activityTitle: z.string().optional(),
      activitySubtitle: z.string().optional(),
    },
  },
  {
    pkg: "io.kestra.plugin.discord",
    name: "Discord",
    label: "Discord",
    oldPkg: `${OLD}.discord`,
    webhook: { url: url("Discord"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: {
      username: z.string().optional().describe("The webhook's name shown on the message."),
      avatarUrl: z.string().optional(),
      content: z.string().optional().describe("Text above the embeds."),
      embedList: z
        .array(
          z
            .object({
              title: z.string().optional(),
              websiteUrl: z.string().optional(),
              description: z.string().optional(),
              thumbnail: z.string().optional(),
              authorName: z.string().optional(),
              color: z.array(ZNumber).optional().describe("[red, green, blue]"),
              footer: z.string().optional(),
            })
            .strict(),
        )
        .optional()
        .describe("Embeds; the first one gets the summary."),
    },
  },
  {
    pkg: "io.kestra.plugin.googleworkspace.chat",
    name: "GoogleChat",
    label: "Google Chat",
    oldPkg: `${OLD}.google`,
    webhook: { url: url("Google Chat"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: { text: z.string().optional().describe("Replaces the summary's text.") },
  },
  {
    pkg: "io.kestra.plugin.zulip",
    name: "Zulip",
    label: "Zulip",
    oldPkg: `${OLD}.zulip`,
    webhook: { url: url("Zulip"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: legacySlack,
  },
  {
    pkg: "io.kestra.plugin.telegram",
    name: "Telegram",
    label: "Telegram",
    oldPkg: `${OLD}.telegram`,
    webhookClass: "TelegramSend",
    webhook: {
      token: z.string().min(1).describe("The bot's token; keep it in a secret."),
      channel: z.string().min(1).describe("The chat id to send to."),
      payload: z.string().optional().describe("The message text, sent as it renders."),
      parseMode: z.enum(["HTML", "MARKDOWNV2"]).optional(),
      endpointOverride: z.string().optional().describe("The Bot API address. Default https://api.telegram.org."),
      options: ZOptions.optional(),
    },
    execution: {},
  },
  {
    pkg: "io.kestra.plugin.squadcast",
    name: "Squadcast",
    label: "Squadcast",
    oldPkg: `${OLD}.squadcast`,
    webhook: { url: url("Squadcast"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: {
      message: z.string().optional().describe("The incident's message."),
      priority: z.string().optional().describe("P1 to P5; Squadcast reads anything else as Unset."),
      eventId: z.string().optional().describe("Correlates trigger and resolve calls of one incident."),
      status: z.string().optional().describe("The incident action, such as `trigger` or `resolve`."),
      tags: ZStringMap.optional().describe("Tags set on the incident."),
    },
  },
  {
    pkg: "io.kestra.plugin.meta.whatsapp",
    name: "WhatsApp",
    label: "WhatsApp",
    oldPkg: `${OLD}.whatsapp`,
    webhook: { url: url("WhatsApp"), payload: ZPayload.optional(), options: ZOptions.optional() },
    execution: {
      profileName: z.string().optional().describe("The sender's profile name, given to each contact."),
      whatsAppIds: z.array(z.string()).optional().describe("The contacts' wa_id; used with profileName."),
      from: z.union([z.string(), z.number()]).optional().describe("The sender's WhatsApp ID (phone number)."),
      messageId: z.string().optional(),
      textBody: z.string().optional().describe("Replaces the summary's text (needs `from`)."),
      recipientId: z.string().optional(),
    },
  },
];

export type NotificationKind = "webhook" | "execution";

interface Notification {
  schema: PluginTaskSchema;
  service: string;
  kind: NotificationKind;
}

function notification(service: Omit<Service, "execution">, kind: NotificationKind, shape: z.ZodRawShape): Notification {
  const cls =
    kind === "webhook" ? (service.webhookClass ?? `${service.name}IncomingWebhook`) : `${service.name}Execution`;
  const schema: PluginTaskSchema = {
    type: `${service.pkg}.${cls}`,
    aliases: [`${service.oldPkg}.${cls}`, ...(service.extraAliases?.(cls) ?? [])],
    title: kind === "webhook" ? `${service.label} message` : `${service.label} execution summary`,
    description:
      kind === "webhook"
        ? `Posts a message to ${service.label}: \`payload\` rendered and sent as written. No outputs.`
        : `Posts a summary of an execution to ${service.label} (flow, state, duration, the failed task, a link to its page). No outputs.`,
    shape,
  };
  return { schema, service: service.name, kind };
}

/** Each notification type, with the service it posts to and which of the two kinds it is. */
export const NOTIFICATIONS: readonly Notification[] = [
  ...SERVICES.flatMap((s) => [
    notification(s, "webhook", s.webhook),
    notification(s, "execution", { ...s.webhook, ...executionShape, ...s.execution }),
  ]),
];

export const NOTIFICATION_SCHEMAS: PluginTaskSchema[] = NOTIFICATIONS.map((n) => n.schema);

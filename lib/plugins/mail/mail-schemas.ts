import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZExpression, ZNumber, ZStringList, ZStringMap } from "../../plugin-kit/props";

// Kestra's plugin-email: MailSend (an email as written) and MailExecution (an execution's summary
// as Kestra's mail-template.hbs.peb lays it out), sent over SMTP. They moved from
// io.kestra.plugin.notifications.mail, which Kestra still accepts as their aliases.

const PKG = "io.kestra.plugin.email";
const OLD = "io.kestra.plugin.notifications.mail";

export const TRANSPORT_STRATEGIES = ["SMTP", "SMTPS", "SMTP_TLS", "SMTP_OAUTH2"] as const;
export type TransportStrategy = (typeof TRANSPORT_STRATEGIES)[number];

const ZAddresses = z.union([z.string(), ZStringList]);

const ZAttachment = z
  .object({
    name: z.string().min(1).describe("The file name the recipient sees (for an embedded image, its cid)."),
    uri: z.string().min(1).describe("The file in internal storage, e.g. `{{ outputs.write.uri }}`."),
    contentType: z.string().optional().describe("Its MIME type. Default application/octet-stream."),
  })
  .strict();

const ZAttachments = z
  .union([z.array(ZAttachment), z.string()])
  .describe("A list of {name, uri, contentType}, or the same as JSON (e.g. `{{ inputs.files | toJson }}`).");

const serverShape = {
  host: z.string().optional().describe("The SMTP server."),
  port: ZNumber.optional().describe("Default by transportStrategy: SMTPS 465, SMTP 25, SMTP_TLS and SMTP_OAUTH2 587."),
  username: z.string().optional(),
  password: z.string().optional().describe("Keep it in a secret. With SMTP_OAUTH2 and no accessToken: the token."),
  accessToken: z.string().optional().describe("SMTP_OAUTH2 only: the OAuth2 access token (XOAUTH2)."),
  transportStrategy: z
    .union([z.enum(TRANSPORT_STRATEGIES), ZExpression])
    .optional()
    .describe(
      "SMTPS (default): TLS from the start. SMTP_TLS: STARTTLS required. SMTP: STARTTLS when the server offers it. SMTP_OAUTH2: STARTTLS required, XOAUTH2 login.",
    ),
  sessionTimeout: ZNumber.optional().describe(
    "Longest wait, in milliseconds, to connect, for the greeting and for each answer. Default 10000.",
  ),
  verifyServerIdentity: ZBool.optional().describe(
    "Check the server's TLS certificate (its chain and its name). Default true.",
  ),
  trustedHosts: z
    .union([ZStringList, z.string()])
    .optional()
    .describe("Hosts whose TLS certificate is accepted without being checked (an internal self-signed server)."),
};

const messageShape = {
  from: z.string().optional().describe("The sender's address (required)."),
  to: ZAddresses.optional().describe("The recipients (required): addresses separated by `;`, or a list."),
  cc: ZAddresses.optional().describe("Copied recipients: separated by `;`, or a list."),
  bcc: ZAddresses.optional().describe("Osprey: hidden recipients, separated by `;`, or a list."),
  replyTo: ZAddresses.optional().describe("Osprey: where replies go, separated by `;`, or a list."),
  subject: z.string().optional(),
  htmlTextContent: z.string().optional().describe("The HTML body."),
  plainTextContent: z
    .string()
    .optional()
    .describe('The text body. Default "Please view this email in a modern email client".'),
  attachments: ZAttachments.optional().describe("Files attached to the email."),
  embeddedImages: ZAttachments.optional().describe(
    'Images the HTML shows as `<img src="cid:<name>">`: inline parts whose Content-ID is their name.',
  ),
};

const executionShape = {
  executionId: z
    .string()
    .optional()
    .describe(
      "The execution to report on. Default this one; in a flow run by a Flow trigger, `{{ trigger.executionId }}`.",
    ),
  customFields: ZStringMap.optional().describe("Extra lines shown under the summary."),
  customMessage: z.string().optional().describe("A message shown above the summary."),
  templateUri: z.string().optional().describe("Accepted for Kestra's flows; the summary's template is fixed."),
  templateRenderMap: ZStringMap.optional().describe("Accepted for Kestra's flows; set by the task itself."),
};

export const MAIL_SEND = `${PKG}.MailSend`;
export const MAIL_EXECUTION = `${PKG}.MailExecution`;

export const MAIL_SCHEMAS: PluginTaskSchema[] = [
  {
    type: MAIL_SEND,
    aliases: [`${OLD}.MailSend`],
    title: "Send an email",
    description:
      "Sends an email over SMTP: HTML and text bodies, attachments and embedded images from internal storage. No outputs.",
    shape: { ...serverShape, ...messageShape },
  },
  {
    type: MAIL_EXECUTION,
    aliases: [`${OLD}.MailExecution`],
    title: "Email an execution summary",
    description:
      "Sends an email summing up an execution (flow, state, duration, the failed task, a link to its page) over SMTP. No outputs.",
    shape: {
      ...serverShape,
      ...messageShape,
      htmlTextContent: z.string().optional().describe("Ignored: the body is the summary."),
      plainTextContent: z.string().optional().describe("Ignored: the text body is Kestra's fixed line."),
      ...executionShape,
    },
  },
];

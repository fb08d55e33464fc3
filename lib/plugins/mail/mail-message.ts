import type { SendMailOptions } from "nodemailer/lib/mailer";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import { addressList } from "./addresses";
import { attachmentList, loadAttachments } from "./attachments";

/** Kestra's text body when none is given (HTML-only mail still carries a text part). */
export const TEXT_FALLBACK = "Please view this email in a modern email client";

/** What a summary task puts in place of the given bodies and subject. */
export interface Overrides {
  html?: string;
  text?: string;
  subject?: string;
}

/** The message MailSend sends, from its rendered properties; files come through the port. */
export async function mailMessage(
  ctx: PluginContext,
  props: Record<string, unknown>,
  overrides: Overrides = {},
): Promise<SendMailOptions> {
  const from = addressList(props.from, "from");
  if (from.length === 0) throw new Error("from is required");
  if (from.length > 1) throw new Error(`from must be one address, got ${from.length}`);
  const to = addressList(props.to, "to");
  if (to.length === 0) throw new Error("to is required");
  const replyTo = addressList(props.replyTo, "replyTo");
  const attachments = await loadAttachments(ctx, attachmentList(props.attachments, "attachments"), "attachments");
  const images = await loadAttachments(ctx, attachmentList(props.embeddedImages, "embeddedImages"), "embeddedImages");
  const html = overrides.html ?? optionalText(props.htmlTextContent);
  return {
    from: from[0],
    to,
    cc: addressList(props.cc, "cc"),
    bcc: addressList(props.bcc, "bcc"),
    ...(replyTo.length ? { replyTo } : {}),
    subject: overrides.subject ?? optionalText(props.subject),
    ...(html === undefined ? {} : { html }),
    text: overrides.text ?? optionalText(props.plainTextContent) ?? TEXT_FALLBACK,
    // simple-java-mail's withReturnReceiptTo(), which Kestra sets on every email.
    headers: { "Return-Receipt-To": replyTo[0] ?? from[0] },
    attachments: [
      ...attachments.map((a) => ({ filename: a.name, content: a.content, contentType: a.contentType })),
      // An embedded image is an inline part the HTML names by its Content-ID: `cid:<name>`.
      ...images.map((a) => ({
        filename: a.name,
        content: a.content,
        contentType: a.contentType,
        cid: a.name,
        contentDisposition: "inline",
      })),
    ],
  };
}

function optionalText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

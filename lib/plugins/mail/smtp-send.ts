import { isIP } from "node:net";
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import type { SmtpServer } from "./smtp-options";

/**
 * Sends one message over one SMTP connection. A kill or a timeout (ctx.signal) cancels the send
 * where it is, and the transport is closed however it ends.
 */
export async function smtpSend(ctx: PluginContext, server: SmtpServer, message: SendMailOptions): Promise<void> {
  ctx.signal.throwIfAborted();
  // Connected to the address checked under the server's rules; TLS still checks the host's name.
  const host = server.options.host!;
  const address = await ctx.connectTo(host, "smtp");
  const transport = nodemailer.createTransport({
    ...server.options,
    host: address,
    ...(isIP(host) ? {} : { tls: { ...server.options.tls, servername: host } }),
  });
  try {
    const info = await transport.sendMail({ ...message, signal: ctx.signal });
    ctx.log(`Email sent through ${server.label}: ${info.response}`, "DEBUG");
  } catch (err) {
    throw new Error(`sending the email through ${server.label} failed: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}

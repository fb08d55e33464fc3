import type { PluginContext, PluginOutcome, PluginRunners } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { type ExecutionMap, executionMap } from "../notifications/execution-map";
import { executionEmailHtml, executionSubject } from "./execution-email";
import { mailMessage, type Overrides, TEXT_FALLBACK } from "./mail-message";
import { MAIL_EXECUTION, MAIL_SEND } from "./mail-schemas";
import { smtpOptions } from "./smtp-options";
import { smtpSend } from "./smtp-send";

type Props = Record<string, unknown>;

export const MAIL_RUNNERS: PluginRunners = {
  [MAIL_SEND]: (ctx, props) => send(ctx, props),
  [MAIL_EXECUTION]: async (ctx, props) => {
    const map = await summaryOf(ctx, props);
    // Kestra's MailExecution replaces both bodies with its templates; the subject is the task's.
    return send(ctx, props, {
      html: executionEmailHtml(map),
      text: TEXT_FALLBACK,
      subject: hasText(props.subject) ? String(props.subject) : executionSubject(map),
    });
  },
};

async function send(ctx: PluginContext, props: Props, overrides?: Overrides): Promise<PluginOutcome> {
  // The server's settings first: a wrong one fails before any file is read.
  const server = smtpOptions(props);
  const message = await mailMessage(ctx, props, overrides);
  ctx.log(`Sending an email to ${[message.to].flat().join(", ")} through ${server.label}`);
  await smtpSend(ctx, server, message);
  return { state: State.SUCCESS, outputs: {} };
}

async function summaryOf(ctx: PluginContext, props: Props): Promise<ExecutionMap> {
  const id = hasText(props.executionId) ? String(props.executionId) : ctx.execution.id;
  const facts = await ctx.executionFacts(id);
  if (!facts) throw new Error(`execution ${id} not found in namespace ${ctx.execution.namespace}`);
  // In its own execution, the sending task is not the "final task" it reports.
  return executionMap(facts, props, new Date(), id === ctx.execution.id ? ctx.taskId : undefined);
}

const hasText = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== "";

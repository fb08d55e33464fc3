import { State } from "../../states/states";
import { type ExecutionMap, headline } from "../notifications/execution-map";

// MailExecution's email, laid out as Kestra's mail-template.hbs.peb: the headline with the state in
// colour, the custom message, the outcome, a "See details" button, the facts, the custom fields and
// a footer. Unlike the Pebble template, every value is HTML-escaped: a flow id, an error or a custom
// field cannot add markup to the email.

const FONT = "font-family: sans-serif; font-size: 14px;";
const P = `${FONT} font-weight: normal; margin: 0; Margin-bottom: 15px;`;
const BUTTON =
  "display: inline-block; color: #ffffff; background-color: #3498db; border: solid 1px #3498db; border-radius: 5px; " +
  "box-sizing: border-box; text-decoration: none; font-size: 14px; font-weight: bold; margin: 0; padding: 12px 25px;";

export function escapeHtml(value: unknown): string {
  const text = value === undefined || value === null ? "" : typeof value === "string" ? value : stringOf(value);
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Kestra's subject when the task gives none: the summary's headline. */
export function executionSubject(map: ExecutionMap): string {
  return headline(map);
}

export function executionEmailHtml(map: ExecutionMap): string {
  const e = map.execution;
  const state = e.state.current;
  const colour = state === State.SUCCESS ? "green" : state === State.WARNING ? "orange" : "red";
  const outcome =
    map.firstFailed === false ? "Succeeded" : `Failed on task <code>${escapeHtml(map.firstFailed.taskId)}</code>`;
  const fact = (name: string, value: unknown) =>
    `<p style="${P}"><strong>${escapeHtml(name)} :</strong> ${escapeHtml(value)}</p>`;
  const lines = [
    `<p style="${FONT} font-size: 16px; font-weight: normal; margin: 0; Margin-bottom: 15px;">` +
      `[${escapeHtml(e.namespace)}] ${escapeHtml(e.flowId)} ➛ <span style="color: ${colour};">${escapeHtml(state)}</span></p>`,
    ...(map.customMessage === undefined ? [] : [`<p style="${P}">${escapeHtml(map.customMessage)}</p>`]),
    `<p style="${P}">${outcome} after ${escapeHtml(map.duration)}</p>`,
    ...(map.link
      ? [
          `<table border="0" cellpadding="0" cellspacing="0" class="btn btn-primary"><tbody><tr>` +
            `<td align="left" style="${FONT} padding-bottom: 15px;">` +
            `<a href="${escapeHtml(map.link)}" target="_blank" style="${BUTTON}">See details</a></td></tr></tbody></table>`,
        ]
      : []),
    fact("Namespace", e.namespace),
    fact("Flow", e.flowId),
    fact("Execution", e.id),
    fact("Status", state),
    ...(map.lastTask ? [fact("Final task ID", map.lastTask.taskId)] : []),
    ...Object.entries(map.customFields ?? {}).map(([key, value]) => fact(key, value)),
  ];
  return `<!doctype html>
<html>
<head>
<meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>Flow [${escapeHtml(e.namespace)}] ${escapeHtml(e.flowId)} execution</title>
</head>
<body style="background-color: #f6f6f6; ${FONT} line-height: 1.4; margin: 0; padding: 0;">
<table border="0" cellpadding="0" cellspacing="0" class="body" style="width: 100%; background-color: #f6f6f6;">
<tr><td class="container" style="${FONT} display: block; Margin: 0 auto; max-width: 580px; padding: 10px;">
<div class="content" style="box-sizing: border-box; display: block; Margin: 0 auto; max-width: 580px; padding: 10px;">
<table class="main" style="width: 100%; background: #ffffff; border-radius: 3px;">
<tr><td class="wrapper" style="${FONT} box-sizing: border-box; padding: 20px;">
${lines.join("\n")}
</td></tr>
</table>
<div class="footer" style="clear: both; Margin-top: 10px; text-align: center; width: 100%;">
<span class="apple-link" style="color: #999999; font-size: 12px;">Osprey</span>
</div>
</div>
</td></tr>
</table>
</body>
</html>
`;
}

/** A custom field's value: text as is, numbers and booleans as written, anything else as JSON. */
function stringOf(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? String(value);
}

import { OutputFileSink } from "../files/output-file-sink";
import { saveOutputFiles } from "../files/output-files";
import { safeRequest } from "../http-client/safe-request";
import type { CoreTaskRunner } from "./core-tasks";
import { allowFailed, checkEncryptBody, httpTaskRequest } from "../http-client/http-task-request";
import { log } from "./task-context";
import { State } from "../states/states";

/** A file name for the download: Content-Disposition's, else the URL's last segment, made safe. */
export function downloadName(url: string, disposition: string | undefined): string {
  const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  let name = fromHeader
    ? safeDecode(fromHeader)
    : safeDecode(new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? "");
  name = name
    .split(/[\\/]/)
    .at(-1)!
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .replace(/^\.+/, "");
  return name || "download";
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * io.kestra.plugin.core.http.Download: the body stored as an output file of the task run (bounded
 * by the output file limits): `outputs.<id>.uri`, `.code`, `.length`, `.headers`.
 */
export const runHttpDownloadTask: CoreTaskRunner = async (ctx, task) => {
  checkEncryptBody(task);
  const { db, storage, config } = ctx.deps;
  const request = httpTaskRequest(task, config, ctx.signal);
  log(ctx, `Downloading ${request.url}`, "INFO", "system");
  const response = await safeRequest(request);
  const headers = response.headers;
  if (response.status >= 400 && !allowFailed(task)) {
    response.body.resume();
    return {
      state: State.FAILED,
      error: `Failed http request with response code '${response.status}'`,
      outputs: { code: response.status, headers },
    };
  }
  const disposition = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-disposition")?.[1][0];
  const name = downloadName(response.url, disposition);
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const sink = new OutputFileSink(storage, owner, {
    maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  await sink.accept(name, undefined, response.body);
  const stored = sink.stored();
  const length = stored[0]?.size ?? 0;
  const failOnEmpty =
    task.failOnEmptyResponse === undefined ? true : String(task.failOnEmptyResponse).toLowerCase() !== "false";
  if (length === 0 && failOnEmpty && !allowFailed(task))
    return {
      state: State.FAILED,
      error: "No response from server: the downloaded file is empty",
      outputs: { code: response.status, headers },
    };
  const files = await saveOutputFiles(db, owner, stored);
  log(ctx, `Stored ${name} (${length} bytes)`, "INFO", "system");
  return { state: State.SUCCESS, outputs: { uri: files[name], code: response.status, length, headers } };
};

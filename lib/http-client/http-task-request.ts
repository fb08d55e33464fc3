import { randomUUID } from "node:crypto";
import { listOf, type TConfig } from "../config";
import { HttpClientError } from "./http-errors";
import type { SafeRequest } from "./safe-request";
import { durationMs, toBool } from "../values/values";

const MAX_REDIRECTS = 10;

/** The request an http.Request or http.Download task describes, from its rendered properties. */
export function httpTaskRequest(task: Record<string, unknown>, config: TConfig, signal: AbortSignal): SafeRequest {
  const options = (task.options ?? {}) as Record<string, unknown>;
  const method = String(task.method ?? "GET").toUpperCase();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((task.headers ?? {}) as Record<string, unknown>))
    headers[name] = String(value);
  if (options.basicAuthUser !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${String(options.basicAuthUser)}:${String(options.basicAuthPassword ?? "")}`).toString("base64")}`;
  }
  const has = (name: string) => Object.keys(headers).some((h) => h.toLowerCase() === name);
  const contentType = task.contentType === undefined ? undefined : String(task.contentType);
  let body: Buffer | undefined;
  if (task.formData !== undefined) {
    const form = formBody(task.formData as Record<string, unknown>, contentType);
    body = form.body;
    if (!has("content-type")) headers["Content-Type"] = form.contentType;
  } else if (task.body !== undefined && task.body !== null) {
    body = Buffer.from(typeof task.body === "string" ? task.body : JSON.stringify(task.body));
    if (!has("content-type")) headers["Content-Type"] = contentType ?? "application/json";
  }
  if (contentType !== undefined && body === undefined && !has("content-type")) headers["Content-Type"] = contentType;
  return {
    url: String(task.uri),
    method,
    headers,
    body,
    allowance: {
      allowPrivate: config.OSPREY_HTTP_ALLOW_PRIVATE,
      allowedNetworks: listOf(config.OSPREY_HTTP_ALLOWED_NETWORKS),
    },
    timeoutMs: durationMs(options.timeout, "options.timeout") ?? 10 * 60_000,
    readTimeoutMs: durationMs(options.readTimeout, "options.readTimeout") ?? 10_000,
    followRedirects: toBool(options.followRedirects, "options.followRedirects", true),
    maxRedirects: MAX_REDIRECTS,
    signal,
  };
}

/** Kestra's allowFailed, on the task or in its options. */
export function allowFailed(task: Record<string, unknown>): boolean {
  const options = (task.options ?? {}) as Record<string, unknown>;
  return toBool(task.allowFailed, "allowFailed", false) || toBool(options.allowFailed, "options.allowFailed", false);
}

export function checkEncryptBody(task: Record<string, unknown>): void {
  if (toBool(task.encryptBody, "encryptBody", false))
    throw new HttpClientError("encryptBody is not supported by Osprey: store the response with http.Download instead");
}

function formBody(
  fields: Record<string, unknown>,
  contentType: string | undefined,
): { body: Buffer; contentType: string } {
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  if (contentType?.toLowerCase().startsWith("multipart/form-data")) {
    const boundary = `----osprey${randomUUID().replace(/-/g, "")}`;
    const parts = Object.entries(fields).map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, "%22")}"\r\n\r\n${text(value)}\r\n`,
    );
    return {
      body: Buffer.from(`${parts.join("")}--${boundary}--\r\n`),
      contentType: `multipart/form-data; boundary=${boundary}`,
    };
  }
  return {
    body: Buffer.from(new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, text(v)])).toString()),
    contentType: "application/x-www-form-urlencoded",
  };
}

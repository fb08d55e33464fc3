import { z } from "zod";
import { ZBool, ZDuration } from "./common";
import { engineTask } from "./engine-task";

const HTTP = "io.kestra.plugin.core.http";

const ZHttpOptions = z
  .object({
    timeout: ZDuration.optional().describe("The whole request, redirects and body included. Default PT10M."),
    readTimeout: ZDuration.optional().describe(
      "Longest silence while waiting for or reading the response. Default PT10S.",
    ),
    connectTimeout: ZDuration.optional().describe("Accepted for Kestra's flows; the read timeout covers connecting."),
    followRedirects: ZBool.optional().describe(
      "Follow redirects (default true), each one checked like the first address.",
    ),
    allowFailed: ZBool.optional().describe("Do not fail on a response code of 400 or more."),
    basicAuthUser: z.string().optional().describe("User for HTTP basic authentication."),
    basicAuthPassword: z.string().optional().describe("Password for HTTP basic authentication."),
  })
  .loose()
  .describe("Client options.");

const common = {
  uri: z
    .string()
    .describe(
      "The http or https URL. Private and loopback addresses are refused unless the server allows them (OSPREY_HTTP_ALLOW_PRIVATE).",
    ),
  method: z
    .enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    .optional()
    .describe("HTTP method. Default GET."),
  headers: z.record(z.string(), z.string()).optional().describe("Request headers."),
  body: z.string().optional().describe("The request body, as text."),
  formData: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Form fields, sent url-encoded (or as multipart/form-data when `contentType` says so)."),
  contentType: z.string().optional().describe("The body's content type. Default application/json."),
  options: ZHttpOptions.optional(),
  allowFailed: ZBool.optional().describe("Do not fail on a response code of 400 or more."),
  sslOptions: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Accepted for Kestra's flows; certificates are always verified."),
};

export const httpRequestTask = engineTask(
  "core",
  `${HTTP}.Request`,
  "HTTP Request",
  "Send an HTTP request: `outputs.<id>.code`, `.headers`, `.body` (text), `.uri`.",
  {
    ...common,
    encryptBody: ZBool.optional().describe("Accepted for Kestra's flows; must be false here."),
  },
);

export const httpDownloadTask = engineTask(
  "core",
  `${HTTP}.Download`,
  "HTTP Download",
  "Download a file to the execution's storage: `outputs.<id>.uri`, `.code`, `.length`, `.headers`.",
  {
    ...common,
    failOnEmptyResponse: ZBool.optional().describe("Fail when the response is empty (default true)."),
  },
);

export const httpTasks = [httpRequestTask, httpDownloadTask];

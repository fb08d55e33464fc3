import { z } from "zod";

/** Ids as Kestra allows them: letters, digits, `_` and `-`, starting with a letter or digit. */
export const ZId = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, "must start with a letter or digit and contain only letters, digits, _ and -")
  .max(100);

export const ZStringList = z.array(z.string());

/** A `{{ … }}` expression: accepted wherever a number or boolean is, and resolved at run time. */
export const ZExpression = z.string().regex(/\{\{.*\}\}/s, "must be a {{ expression }}");
export const ZBool = z.union([z.boolean(), ZExpression]);
export const ZNumber = z.union([z.number(), ZExpression]);

/** ISO-8601 duration such as `PT30S`, `PT5M`, `PT1H30M`, `P1D`, or an expression. */
export const ZDuration = z.union([
  z.string().regex(/^P(?!$)(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/, "must be an ISO-8601 duration such as PT30S or PT5M"),
  ZExpression,
]);

/** A memory size such as `512Mb`, `1GB`, `256m` or a number of bytes. */
export const ZMemorySize = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+(\.\d+)?\s*([kmgt]i?b?|b)?$/i, "must be a size such as 512Mb, 1GB or 256m"),
  ZExpression,
]);

export const ZTaskBase = {
  id: ZId.describe("Unique id of the task within the flow; other tasks refer to its outputs by it."),
  description: z.string().optional().describe("Free text shown in the editor and the topology."),
  disabled: z.boolean().optional().describe("When true the task is skipped."),
};

export const ZCredentials = z
  .object({
    registry: z.string().optional().describe("Registry host, e.g. `ghcr.io` or `127.0.0.1:5000`. Default: taken from the image name."),
    username: z.string().optional().describe("Registry user name."),
    password: z.string().optional().describe("Registry password or token; use `{{ secret('NAME') }}`."),
    registryToken: z.string().optional().describe("A registry bearer token, used instead of username and password."),
    identityToken: z.string().optional().describe("An identity (refresh) token for the registry."),
    auth: z.string().optional().describe("base64 of `username:password`, as in a Docker config.json."),
  })
  .strict()
  .describe("Credentials for a private registry.");

export const ZRetry = z
  .object({
    type: z.enum(["constant", "exponential"]).describe("constant: the same wait between attempts; exponential: the wait grows by `delayFactor`."),
    interval: ZDuration.describe("Wait before the next attempt (the first wait for exponential)."),
    maxAttempt: ZNumber.optional().describe("Most attempts in all, the first included. Default 1 retry when absent and maxDuration is absent."),
    maxDuration: ZDuration.optional().describe("Stop retrying once this much time has passed since the first attempt."),
    maxInterval: ZDuration.optional().describe("Longest wait between attempts (exponential)."),
    delayFactor: ZNumber.optional().describe("How much the wait grows each time (exponential). Default 2."),
    warningOnRetry: ZBool.optional().describe("End in WARNING instead of SUCCESS when an attempt had to be retried."),
  })
  .strict()
  .describe("Retry the task when it fails.");

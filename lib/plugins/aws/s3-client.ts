import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { S3Client, type S3ServiceException } from "@aws-sdk/client-s3";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import { bool, type Props, str } from "./s3-props";

/** A client of one task's S3, whose requests stop on the task's kill or timeout. */
export interface S3Session {
  client: S3Client;
  send: S3Client["send"];
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The task's S3 client, as Kestra's AbstractS3 builds it from the connection properties, but: its
 * connections go through the server's HTTP address rules; credentials must be given (the server's
 * own, from its environment or instance role, are never lent to a flow); no STS AssumeRole.
 * `transfer`: Upload, Download, Downloads and Copy, where Kestra requires compatibilityMode with forcePathStyle.
 */
export async function s3Session(
  ctx: Pick<PluginContext, "httpAgents" | "signal">,
  props: Props,
  transfer: boolean,
): Promise<S3Session> {
  if (!ctx.httpAgents) throw new Error("S3 cannot be reached from here: the server gives no HTTP agents");
  if (str(props, "stsRoleArn"))
    throw new Error("stsRoleArn (STS AssumeRole) is not supported here: give accessKeyId and secretKeyId");
  const accessKeyId = str(props, "accessKeyId");
  const secretAccessKey = str(props, "secretKeyId");
  if (!accessKeyId || !secretAccessKey)
    throw new Error(
      "accessKeyId and secretKeyId are required: flows do not use the server's own AWS credentials (e.g. \"{{ secret('AWS_ACCESS_KEY_ID') }}\")",
    );
  const forcePathStyle = bool(props, "forcePathStyle", false);
  if (transfer && forcePathStyle && !bool(props, "compatibilityMode", false))
    throw new Error("'forcePathStyle' must be used in conjunction with 'compatibilityMode'");
  const endpoint = str(props, "endpointOverride");
  if (endpoint) await checkEndpoint(endpoint);
  const agents = ctx.httpAgents();
  const client = new S3Client({
    region: str(props, "region") ?? "us-east-1",
    endpoint,
    forcePathStyle,
    credentials: { accessKeyId, secretAccessKey, sessionToken: str(props, "sessionToken") },
    // As the server's store: checksums only where S3 requires them, which every S3-compatible store accepts.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { httpAgent: agents.http, httpsAgent: agents.https, connectionTimeout: CONNECT_TIMEOUT_MS },
  });
  const send = ((command: Parameters<S3Client["send"]>[0]) =>
    client.send(command as never, { abortSignal: ctx.signal }).catch((err: unknown) => {
      throw described(err);
    })) as S3Client["send"];
  return { client, send };
}

/** An http(s) URL; like Kestra, never one that resolves to 169.254.0.0/16 (cloud instance metadata). */
async function checkEndpoint(endpoint: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`endpointOverride "${endpoint}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new Error(`endpointOverride "${endpoint}": only http and https are allowed`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host)
    ? [host]
    : await lookup(host, { all: true }).then(
        (all) => all.map((a) => a.address),
        () => [],
      );
  if (addresses.some((a) => a.startsWith("169.254.")))
    throw new Error(
      `Endpoint override '${endpoint}' resolves to a link-local address (169.254.0.0/16), which is used by cloud instance-metadata services and is not allowed for security reasons.`,
    );
}

/** An S3 error as the Java SDK words it: its message, then the service and status. */
function described(err: unknown): unknown {
  const e = err as Partial<S3ServiceException> & { code?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (!status) return err;
  const message = e.message && !/^Unknown/.test(e.message) ? e.message : (e.name ?? "error");
  return new Error(`${message} (Service: S3, Status Code: ${status}, Error Code: ${e.name})`);
}

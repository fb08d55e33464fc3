import { lookup as dnsLookup } from "node:dns";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { type AddressAllowance, refusal as refusalOf } from "./address-policy";
import { HttpClientError } from "./http-errors";

export interface SafeRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Which non-public addresses (loopback, private, …) may be reached anyway. */
  allowance: AddressAllowance;
  /** The whole exchange: redirects, and the body while it is read. */
  timeoutMs: number;
  /** Longest silence on the connection, reading the body included (Kestra's readTimeout). */
  readTimeoutMs: number;
  followRedirects: boolean;
  maxRedirects: number;
  signal?: AbortSignal;
}

export interface SafeResponse {
  status: number;
  headers: Record<string, string[]>;
  /** The address of the last request (after redirects). */
  url: string;
  body: IncomingMessage;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * An HTTP(S) request that reaches only public addresses unless allowed: every name is resolved
 * here and every address checked before connecting (the socket connects to the address checked,
 * so a second DNS answer cannot swap it), and each redirect is followed here, checked the same way.
 */
export async function safeRequest(req: SafeRequest): Promise<SafeResponse> {
  let url = parseUrl(req.url);
  let method = req.method.toUpperCase();
  let body = req.body;
  const headers = { ...req.headers };
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, deadline]) : deadline;
  for (let hop = 0; ; hop++) {
    const response = await send(url, method, headers, body, req, signal);
    const location = response.headers.location;
    if (!req.followRedirects || !REDIRECTS.has(response.statusCode ?? 0) || !location) return toResponse(url, response);
    response.resume();
    if (hop >= req.maxRedirects)
      throw new HttpClientError(`more than ${req.maxRedirects} redirects, the last to ${location}`);
    const next = parseUrl(new URL(location, url).toString());
    // Credentials go to the origin they were written for, not wherever it redirects.
    if (next.origin !== url.origin)
      for (const name of Object.keys(headers))
        if (/^(authorization|cookie|proxy-authorization)$/i.test(name)) delete headers[name];
    if (
      response.statusCode === 303 ||
      ((response.statusCode === 301 || response.statusCode === 302) && method !== "GET" && method !== "HEAD")
    ) {
      method = method === "HEAD" ? "HEAD" : "GET";
      body = undefined;
      for (const name of Object.keys(headers)) if (/^content-(type|length)$/i.test(name)) delete headers[name];
    }
    url = next;
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpClientError(`"${text}" is not a valid URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new HttpClientError(`only http and https URLs are allowed, not ${url.protocol}`);
  return url;
}

function refusal(host: string, address: string, range: string): HttpClientError {
  const shown = host === address ? address : `${host} (${address})`;
  return new HttpClientError(
    `refused to connect to ${shown}: a ${range} address, not public; an admin may allow it with OSPREY_HTTP_ALLOW_PRIVATE or OSPREY_HTTP_ALLOWED_NETWORKS`,
  );
}

/** Resolves like the socket would, then refuses when any address is not allowed. */
function checkedLookup(allowance: AddressAllowance): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as { address: string; family: number }[];
      for (const a of list) {
        const range = refusalOf(a.address, allowance);
        if (range) return callback(refusal(hostname, a.address, range), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  req: SafeRequest,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An IP literal is never looked up, so it is checked here.
  if (isIP(host)) {
    const range = refusalOf(host, req.allowance);
    if (range) return Promise.reject(refusal(host, host, range));
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-length": String(body.length) },
      lookup: checkedLookup(req.allowance),
      // No pooled connections: a kept-alive socket would skip the address check of the next request.
      agent: false,
      signal,
      timeout: req.readTimeoutMs,
    });
    request.on("timeout", () =>
      request.destroy(new HttpClientError(`no answer from ${url.host} within ${req.readTimeoutMs} ms (readTimeout)`)),
    );
    request.on("error", (err) => reject(describe(err, url, req, signal)));
    request.on("response", (response) => {
      // The read timeout keeps guarding the body while it is read.
      response.socket.setTimeout(req.readTimeoutMs, () =>
        response.destroy(new HttpClientError(`${url.host} stopped sending for ${req.readTimeoutMs} ms (readTimeout)`)),
      );
      resolve(response);
    });
    request.end(body);
  });
}

function describe(err: Error, url: URL, req: SafeRequest, signal: AbortSignal): Error {
  if (err instanceof HttpClientError) return err;
  if (signal.aborted && !req.signal?.aborted)
    return new HttpClientError(`${req.method} ${url} took longer than ${req.timeoutMs} ms (timeout)`);
  if (req.signal?.aborted) return new HttpClientError(`${req.method} ${url} was stopped`);
  return new HttpClientError(`${req.method} ${url} failed: ${err.message}`);
}

function toResponse(url: URL, response: IncomingMessage): SafeResponse {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i < response.rawHeaders.length; i += 2)
    (headers[response.rawHeaders[i]] ??= []).push(response.rawHeaders[i + 1]);
  return { status: response.statusCode ?? 0, headers, url: url.toString(), body: response };
}

/** The body, refused past `maxBytes`. */
export async function readBounded(body: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      throw new HttpClientError(
        `the response is larger than ${maxBytes} bytes (OSPREY_HTTP_MAX_RESPONSE_BYTES); use http.Download for large bodies`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

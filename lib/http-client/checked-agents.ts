import { lookup as dnsLookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction, type NetConnectOpts, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { type AddressAllowance, refusal } from "./address-policy";
import { HttpClientError } from "./http-errors";

const refused = (host: string, address: string, range: string) =>
  new HttpClientError(
    `refused to connect to ${host === address ? address : `${host} (${address})`}: a ${range} address, not public; an admin may allow it with OSPREY_HTTP_ALLOW_PRIVATE or OSPREY_HTTP_ALLOWED_NETWORKS`,
  );

/**
 * The address to connect to for `host` (a name or an IP literal) under the address rules, for
 * protocols other than HTTP (SMTP, git): every address the name resolves to is checked, and the
 * caller connects to the one returned, so a name cannot resolve differently in between.
 */
export async function checkedAddress(host: string, allowance: AddressAllowance): Promise<string> {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare) ? [{ address: bare }] : await dnsLookupAll(bare);
  for (const a of addresses) {
    const range = refusal(a.address, allowance);
    if (range) throw refused(bare, a.address, range);
  }
  return addresses[0].address;
}

function dnsLookupAll(host: string): Promise<{ address: string }[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );
}

/**
 * HTTP(S) agents whose every connection passes the address rules: a name is resolved here and each of
 * its addresses checked (the socket connects to the address checked), an IP literal is checked as is.
 */
export function checkedAgents(allowance: AddressAllowance): { http: http.Agent; https: https.Agent } {
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      for (const a of addresses) {
        const range = refusal(a.address, allowance);
        if (range) return callback(refused(hostname, a.address, range), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, all: typeof addresses) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
  /** An IP literal is never looked up: checked here, and refused with a socket that fails at once. */
  const literalRefusal = (options: NetConnectOpts): Duplex | null => {
    const host = String((options as { host?: string }).host ?? "").replace(/^\[|\]$/g, "");
    const range = isIP(host) ? refusal(host, allowance) : null;
    if (!range) return null;
    const socket = new Socket();
    process.nextTick(() => socket.destroy(refused(host, host, range)));
    return socket;
  };
  class CheckedHttpAgent extends http.Agent {
    createConnection(
      options: NetConnectOpts,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): ReturnType<http.Agent["createConnection"]> {
      return literalRefusal(options) ?? super.createConnection(options, callback);
    }
  }
  class CheckedHttpsAgent extends https.Agent {
    createConnection(
      options: https.RequestOptions,
      callback?: (err: Error | null, stream: Duplex) => void,
    ): ReturnType<https.Agent["createConnection"]> {
      return literalRefusal(options as NetConnectOpts) ?? super.createConnection(options, callback);
    }
  }
  return { http: new CheckedHttpAgent({ lookup }), https: new CheckedHttpsAgent({ lookup }) };
}

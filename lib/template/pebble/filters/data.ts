import { createHash } from "node:crypto";
import { JsonDepthError, parseJsonWithin } from "../../../json/json-depth";
import type { PebbleFilter } from "../context";
import { FilterError } from "../errors";
import { runJq } from "../jq/index";
import { isList, isMap, javaString, plain, toJson } from "../values";
import { stringArg, stringInput } from "./args";
import { toYaml } from "./yaml";

function hash(algorithm: string): PebbleFilter {
  return {
    apply(i) {
      if (i === null) return null;
      if (typeof i !== "string") throw new FilterError("Need a string to hash");
      return createHash(algorithm).update(i, "utf8").digest("hex");
    },
  };
}

/** Java's URLEncoder (form encoding): space as `+`, and `*-._` kept. */
function urlEncode(s: string): string {
  return encodeURIComponent(s)
    .replace(/%20/g, "+")
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const toJsonFilter: PebbleFilter = { apply: (i) => (i === null ? "null" : toJson(i)) };

export const DATA_FILTERS: Record<string, PebbleFilter> = {
  toJson: toJsonFilter,
  json: toJsonFilter,
  yaml: {
    apply(i) {
      if (i === null) return "null";
      return toYaml(i);
    },
  },
  jq: {
    argumentNames: ["expression"],
    apply(i, args, ctx) {
      if (i === null) return null;
      const expression = stringArg(args, "expression", "jq");
      let input: unknown = plain(i);
      if (typeof i === "string") {
        try {
          // Within the depth limit: jq walks its input recursively.
          input = parseJsonWithin(i);
        } catch (err) {
          if (err instanceof JsonDepthError)
            throw new FilterError(`Unable to parse jq value: ${err.message} (MAX_JSON_DEPTH)`);
          throw new FilterError(`Unable to parse jq value '${i}' with type 'String'`);
        }
      }
      return runJq(expression, input, (n) => ctx.charge(n));
    },
  },
  base64encode: { apply: (i) => (i === null ? null : Buffer.from(javaString(i), "utf8").toString("base64")) },
  base64decode: {
    apply(i) {
      if (i === null) return null;
      const s = stringInput(i, "base64decode");
      // java.util.Base64's basic decoder: padding optional, nothing outside the alphabet.
      if (
        !/^[A-Za-z0-9+/]*={0,2}$/.test(s) ||
        s.replace(/=+$/, "").length % 4 === 1 ||
        (s.includes("=") && s.length % 4 !== 0)
      ) {
        throw new FilterError("Please provide a correctly Base64 encoded string containing an UTF-8 string");
      }
      return Buffer.from(s, "base64").toString("utf8");
    },
  },
  urlencode: { apply: (i) => (i === null ? null : urlEncode(stringInput(i, "urlencode"))) },
  urldecode: {
    apply(i) {
      if (i === null) return null;
      try {
        return decodeURIComponent(stringInput(i, "urldecode").replace(/\+/g, " "));
      } catch {
        throw new FilterError(`Unable to url-decode '${javaString(i)}'`);
      }
    },
  },
  sha1: hash("sha1"),
  sha256: hash("sha256"),
  sha512: hash("sha512"),
  md5: hash("md5"),
};

export function isJsonValue(v: unknown): boolean {
  return v === null || typeof v !== "object" || isList(v) || isMap(v);
}

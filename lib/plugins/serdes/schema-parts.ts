import { z } from "zod";
import { ZExpression } from "../../plugin-kit/props";

// Property shapes the serdes schemas share. Client-safe: no run code here.

export const PKG = "io.kestra.plugin.serdes";

/** An enum property, by name, or an expression rendered to one. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.enum(values), ZExpression]);

export const from = z.string().min(1).describe("URI of the stored file to convert, e.g. `{{ outputs.download.uri }}`.");
export const charset = z
  .string()
  .optional()
  .describe("Java charset name of the text, e.g. UTF-8 (default), ISO-8859-1, UTF-16LE.");
export const timeZoneId = z
  .string()
  .optional()
  .describe("Zone for dates, e.g. `Europe/Paris`. Default: the server's zone.");

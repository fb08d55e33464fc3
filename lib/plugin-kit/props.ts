import { z } from "zod";

// Property shapes every task schema uses (core and plugins): a value, or an expression rendered at run time.

export const ZStringList = z.array(z.string());

/** A `{{ … }}` expression: accepted wherever a number or boolean is, and resolved at run time. */
export const ZExpression = z.string().regex(/\{\{.*\}\}/s, "must be a {{ expression }}");
export const ZBool = z.union([z.boolean(), ZExpression]);
export const ZNumber = z.union([z.number(), ZExpression]);

/** ISO-8601 duration such as `PT30S`, `PT5M`, `PT1H30M`, `P1D`, or an expression. */
export const ZDuration = z.union([
  z
    .string()
    .regex(
      /^P(?!$)(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/i,
      "must be an ISO-8601 duration such as PT30S or PT5M",
    ),
  ZExpression,
]);

/** A map of text, or an expression that renders to one (Kestra's `Property<Map<String, …>>`). */
export const ZStringMap = z.union([z.record(z.string(), z.unknown()), ZExpression]);

import type { ExampleDoc } from "@/lib/flow/task-types/task-examples";
import type { OutputsDoc } from "@/lib/flow/task-types/task-outputs";
import type { JsonSchema } from "../flow-editor/task-schema";
import type { DocKind } from "./type-at-cursor";

/** One property (or output) as the panel lists it. */
export interface PropertyDoc {
  name: string;
  type: string;
  required: boolean;
  default?: string;
  description: string;
}

/** Everything the panel shows of one type. */
export interface TypeDoc {
  type: string;
  kind: DocKind;
  title: string;
  description: string;
  properties: PropertyDoc[];
  outputs: PropertyDoc[];
  examples: readonly ExampleDoc[];
}

/** Shown first, in this order; the rest follow alphabetically. */
const FIRST = ["id", "type"];

/** A type's documentation from its JSON schema (the editor's own) and its declared outputs and examples. */
export function typeDoc(
  kind: DocKind,
  type: string,
  schema: JsonSchema & { default?: unknown },
  extras: { title?: string; outputs?: OutputsDoc; examples?: readonly ExampleDoc[] },
): TypeDoc {
  const required = new Set(schema.required ?? []);
  const names = Object.keys(schema.properties ?? {}).sort(
    (a, b) => rank(a) - rank(b) || Number(required.has(b)) - Number(required.has(a)) || a.localeCompare(b),
  );
  return {
    type,
    kind,
    title: extras.title ?? schema.title ?? type.split(".").at(-1) ?? type,
    description: schema.description ?? "",
    properties: names.map((name) => propertyDoc(name, schema.properties![name], required.has(name))),
    outputs: Object.entries(extras.outputs ?? {}).map(([name, o]) => ({
      name,
      type: o.type ?? "any",
      required: false,
      description: o.description ?? "",
    })),
    examples: extras.examples ?? [],
  };
}

function rank(name: string): number {
  const i = FIRST.indexOf(name);
  return i === -1 ? FIRST.length : i;
}

function propertyDoc(name: string, schema: JsonSchema & { default?: unknown }, required: boolean): PropertyDoc {
  const declared = schema.default !== undefined ? JSON.stringify(schema.default) : undefined;
  return {
    name,
    type: typeName(schema),
    required,
    default: declared ?? defaultInText(schema.description ?? ""),
    description: schema.description ?? "",
  };
}

/** `string`, `integer | string`, `array of string`, `enum: A, B`: short enough for a column. */
export function typeName(schema: JsonSchema | undefined): string {
  if (!schema) return "any";
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return `one of ${schema.enum.map(String).join(", ")}`;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return [...new Set(alternatives.map(typeName))].join(" | ");
  if (schema.$ref) return "task";
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? "object" : "any";
  return types.map((t) => (t === "array" ? `array of ${typeName(schema.items)}` : t)).join(" | ");
}

/** Many descriptions say their default in words ("Default INFO.", "Default: the server's zone."). */
function defaultInText(description: string): string | undefined {
  const said = /\bDefault:? (`[^`]+`|[^.;()]+?)(?:[.;)]|$)/.exec(description)?.[1];
  return said?.replace(/^`|`$/g, "");
}

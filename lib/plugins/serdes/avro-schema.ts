// Avro schemas as Kestra's IonToParquet takes them (`schema`, JSON text) or infers them: parsed into a
// tree the converter and the Parquet writer walk. Named types may be referenced by name after their
// definition, as in Avro.

export type AvroPrimitive = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

export type AvroLogical =
  | { name: "date" }
  | { name: "time-millis" }
  | { name: "time-micros" }
  | { name: "timestamp-millis" }
  | { name: "timestamp-micros" }
  | { name: "local-timestamp-millis" }
  | { name: "local-timestamp-micros" }
  | { name: "uuid" }
  | { name: "decimal"; precision: number; scale: number };

export type AvroType =
  | { type: AvroPrimitive; logical?: AvroLogical }
  | { type: "record"; name: string; fields: AvroField[] }
  | { type: "enum"; name: string; symbols: string[] }
  | { type: "fixed"; name: string; size: number; logical?: AvroLogical }
  | { type: "array"; items: AvroType }
  | { type: "map"; values: AvroType }
  | { type: "union"; types: AvroType[] };

export interface AvroField {
  name: string;
  aliases: string[];
  schema: AvroType;
}

export type AvroRecord = Extract<AvroType, { type: "record" }>;

const PRIMITIVES = new Set(["null", "boolean", "int", "long", "float", "double", "bytes", "string"]);
/** Which base type each logical type sits on; another base makes Avro ignore the logical type. */
const LOGICAL_BASES: Record<string, string[]> = {
  date: ["int"],
  "time-millis": ["int"],
  "time-micros": ["long"],
  "timestamp-millis": ["long"],
  "timestamp-micros": ["long"],
  "local-timestamp-millis": ["long"],
  "local-timestamp-micros": ["long"],
  uuid: ["string"],
  decimal: ["bytes", "fixed"],
};

export class AvroSchemaError extends Error {}

/** Parses Avro schema text; the root must be a record (Parquet's columns are its fields). */
export function parseAvroSchema(text: string): AvroRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new AvroSchemaError(`Invalid Avro schema: not JSON (${(err as Error).message})`);
  }
  const schema = new SchemaParser().parse(json);
  if (schema.type !== "record") throw new AvroSchemaError("Invalid Avro schema: the root must be a record");
  return schema;
}

class SchemaParser {
  private readonly named = new Map<string, AvroType>();

  parse(json: unknown): AvroType {
    if (typeof json === "string") return this.byName(json);
    if (Array.isArray(json)) return { type: "union", types: json.map((t) => this.parse(t)) };
    if (json === null || typeof json !== "object")
      throw new AvroSchemaError(`Invalid Avro schema: ${JSON.stringify(json)}`);
    const node = json as Record<string, unknown>;
    const type = node.type;
    if (typeof type !== "string") return this.parse(type);
    switch (type) {
      case "record":
      case "error":
        return this.record(node);
      case "enum":
        return this.define(node, { type: "enum", name: nameOf(node), symbols: stringList(node.symbols, "symbols") });
      case "fixed": {
        const size = node.size;
        if (!Number.isInteger(size))
          throw new AvroSchemaError(`Invalid Avro schema: fixed "${nameOf(node)}" needs a size`);
        return this.define(node, {
          type: "fixed",
          name: nameOf(node),
          size: size as number,
          logical: logicalOf(node, "fixed"),
        });
      }
      case "array":
        return { type: "array", items: this.parse(node.items) };
      case "map":
        return { type: "map", values: this.parse(node.values) };
      default:
        if (PRIMITIVES.has(type)) return { type: type as AvroPrimitive, logical: logicalOf(node, type) };
        return this.byName(type);
    }
  }

  private record(node: Record<string, unknown>): AvroType {
    const record: AvroRecord = { type: "record", name: nameOf(node), fields: [] };
    this.define(node, record);
    if (!Array.isArray(node.fields))
      throw new AvroSchemaError(`Invalid Avro schema: record "${record.name}" needs fields`);
    for (const field of node.fields as Record<string, unknown>[]) {
      if (typeof field?.name !== "string")
        throw new AvroSchemaError(`Invalid Avro schema: a field of "${record.name}" has no name`);
      const aliases = field.aliases === undefined ? [] : stringList(field.aliases, "aliases");
      record.fields.push({ name: field.name, aliases, schema: this.parse(field.type) });
    }
    return record;
  }

  private define<T extends AvroType>(node: Record<string, unknown>, type: T): T {
    const name = nameOf(node);
    const namespace = typeof node.namespace === "string" && !name.includes(".") ? `${node.namespace}.` : "";
    this.named.set(name, type);
    this.named.set(`${namespace}${name}`, type);
    return type;
  }

  private byName(name: string): AvroType {
    if (PRIMITIVES.has(name)) return { type: name as AvroPrimitive };
    const found = this.named.get(name) ?? this.named.get(name.split(".").pop()!);
    if (!found) throw new AvroSchemaError(`Invalid Avro schema: undefined name: "${name}"`);
    return found;
  }
}

function nameOf(node: Record<string, unknown>): string {
  if (typeof node.name !== "string" || node.name === "")
    throw new AvroSchemaError(`Invalid Avro schema: a ${String(node.type)} needs a name`);
  return node.name;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new AvroSchemaError(`Invalid Avro schema: ${what} must be a list of strings`);
  return value as string[];
}

/** The logical type Avro honours on `base`: an unknown one, or one on another base, is ignored. */
function logicalOf(node: Record<string, unknown>, base: string): AvroLogical | undefined {
  const name = node.logicalType;
  if (typeof name !== "string" || !LOGICAL_BASES[name]?.includes(base)) return undefined;
  if (name !== "decimal") return { name } as AvroLogical;
  const precision = Number(node.precision);
  const scale = node.scale === undefined ? 0 : Number(node.scale);
  if (!Number.isInteger(precision) || precision <= 0 || !Number.isInteger(scale) || scale < 0 || scale > precision)
    throw new AvroSchemaError(`Invalid Avro schema: decimal needs 0 < precision and 0 <= scale <= precision`);
  return { name: "decimal", precision, scale };
}

/** A union of null and one type is Parquet's optional column; the type is that one. */
export function nullableOf(schema: AvroType): { optional: boolean; type: AvroType } {
  if (schema.type !== "union") return { optional: false, type: schema };
  const others = schema.types.filter((t) => t.type !== "null");
  if (others.length === 1) return { optional: others.length < schema.types.length, type: others[0] };
  if (others.length === 0) return { optional: true, type: { type: "null" } };
  throw new AvroSchemaError(
    `A union of several types (${others.map((t) => t.type).join(", ")}) has no Parquet column type here; use one type, or ["null", type]`,
  );
}

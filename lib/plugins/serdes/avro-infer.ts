import { isLocalDate } from "../../plugin-kit/java-text";
import type { AvroField, AvroRecord, AvroType } from "./avro-schema";

// Kestra's InferAvroSchema, for IonToParquet without `schema`: the first `numberOfRowsToScan` records
// are looked at, each field's types merged across them. Every field is nullable. Where Kestra would
// make a union of several types, which Parquet cannot hold as one column, one type that holds them
// all is chosen: int + long → long, a number + a double → double, a date + a timestamp → timestamp,
// anything else → string (the value's text).

type Scalar = "boolean" | "int" | "long" | "double" | "string" | "bytes" | "date" | "timestamp";

interface Inferred {
  scalars: Set<Scalar>;
  record?: Map<string, Inferred>;
  /** Set for a list; its items' types (none yet while every list was empty). */
  list?: { items?: Inferred };
}

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

export class SchemaInference {
  private root: Inferred | undefined;
  private rootKind: "struct" | "list" | undefined;
  rows = 0;

  /** Looks at one record. */
  add(row: unknown): void {
    const kind = Array.isArray(row) ? "list" : isStruct(row) ? "struct" : undefined;
    if (!kind)
      throw new Error(
        `Unable to infer a schema from a record of type ${typeName(row)}: records must be structs or lists`,
      );
    if (this.rootKind && this.rootKind !== kind)
      throw new Error("Unable to infer a schema from records mixing structs and lists");
    this.rootKind = kind;
    this.root = merge(this.root, infer(row));
    this.rows++;
  }

  /** The schema of the records seen: a record `root`, or for lists a record `root` with one array field `value`. */
  schema(): AvroRecord {
    if (!this.root)
      throw new Error(
        "Cannot infer Avro schema from ION input: the file appears to be empty or contains no valid records.",
      );
    if (this.rootKind === "list") {
      const items = nullable(avroOf(this.root.list?.items));
      const value: AvroField = { name: "value", aliases: [], schema: { type: "array", items } };
      return { type: "record", name: "root", fields: [value] };
    }
    return { type: "record", name: "root", fields: fieldsOf(this.root.record!) };
  }
}

function infer(value: unknown): Inferred {
  if (value === null || value === undefined) return { scalars: new Set() };
  if (Array.isArray(value)) {
    let items: Inferred | undefined;
    for (const item of value) items = merge(items, infer(item));
    return { scalars: new Set(), list: { items } };
  }
  if (isStruct(value)) {
    const record = new Map<string, Inferred>();
    for (const [key, v] of Object.entries(value)) record.set(key, infer(v));
    return { scalars: new Set(), record };
  }
  return { scalars: new Set([scalarOf(value)]) };
}

function scalarOf(value: unknown): Scalar {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "bigint") return "long";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "double";
    return value >= INT32_MIN && value <= INT32_MAX ? "int" : "long";
  }
  if (value instanceof Date) return isLocalDate(value) ? "date" : "timestamp";
  if (Buffer.isBuffer(value)) return "bytes";
  return "string";
}

function merge(a: Inferred | undefined, b: Inferred): Inferred {
  if (!a) return b;
  const scalars = new Set([...a.scalars, ...b.scalars]);
  let record = a.record;
  if (b.record) {
    record = new Map(a.record ?? []);
    for (const [key, v] of b.record) record.set(key, merge(record.get(key), v));
  }
  let list = a.list;
  if (b.list) list = { items: b.list.items ? merge(a.list?.items, b.list.items) : a.list?.items };
  return { scalars, record, list };
}

function fieldsOf(record: Map<string, Inferred>): AvroField[] {
  return [...record].map(([name, inferred]) => ({
    name,
    aliases: [],
    schema: nullable(avroOf(inferred)),
  }));
}

function nullable(type: AvroType): AvroType {
  return { type: "union", types: [{ type: "null" }, type] };
}

/** One Avro type for what a field held. */
function avroOf(inferred: Inferred | undefined): AvroType {
  if (!inferred) return { type: "string" };
  const { scalars, record, list } = inferred;
  const shapes = (record ? 1 : 0) + (list ? 1 : 0) + (scalars.size > 0 ? 1 : 0);
  if (shapes > 1) return { type: "string" };
  if (record) return { type: "record", name: "record", fields: fieldsOf(record) };
  // A list that was always empty holds strings, as Kestra infers it.
  if (list) return { type: "array", items: nullable(avroOf(list.items)) };
  return scalarType(scalars);
}

function scalarType(scalars: Set<Scalar>): AvroType {
  const all = [...scalars];
  const only = (...allowed: Scalar[]) => all.length > 0 && all.every((s) => allowed.includes(s));
  if (all.length === 0) return { type: "string" };
  if (only("int")) return { type: "int" };
  if (only("int", "long")) return { type: "long" };
  if (only("int", "long", "double")) return { type: "double" };
  if (only("boolean")) return { type: "boolean" };
  if (only("bytes")) return { type: "bytes" };
  if (only("date")) return { type: "int", logical: { name: "date" } };
  if (only("date", "timestamp")) return { type: "long", logical: { name: "local-timestamp-millis" } };
  return { type: "string" };
}

export const isStruct = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !Buffer.isBuffer(value);

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return "timestamp";
  return typeof value;
}

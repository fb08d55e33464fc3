import type { ParquetWriter } from "hyparquet-writer";
import { type AvroRecord, type AvroType, nullableOf } from "./avro-schema";

// An Avro schema as parquet-avro's AvroSchemaConverter writes it to Parquet: a union of null and a
// type is an OPTIONAL column, anything else REQUIRED; records are groups, arrays LIST, maps MAP with
// string keys; logical types become Parquet's (date, time, timestamp UTC-adjusted or local, decimal).
// Lists use Parquet's three-level form (`list` / `element`), which every current reader takes.

/** hyparquet-writer's schema element (it ships its own copy of hyparquet's types). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

export function parquetSchema(record: AvroRecord): SchemaElement[] {
  const elements: SchemaElement[] = [{ name: record.name, num_children: record.fields.length }];
  for (const field of record.fields) column(field.name, field.schema, elements);
  return elements;
}

function column(name: string, schema: AvroType, out: SchemaElement[]): void {
  const { optional, type } = nullableOf(schema);
  const repetition_type = optional ? "OPTIONAL" : "REQUIRED";
  switch (type.type) {
    case "record":
      out.push({ name, repetition_type, num_children: type.fields.length });
      for (const field of type.fields) column(field.name, field.schema, out);
      return;
    case "array":
      out.push({ name, repetition_type, num_children: 1, converted_type: "LIST", logical_type: { type: "LIST" } });
      out.push({ name: "list", repetition_type: "REPEATED", num_children: 1 });
      column("element", type.items, out);
      return;
    case "map":
      out.push({ name, repetition_type, num_children: 1, converted_type: "MAP", logical_type: { type: "MAP" } });
      out.push({ name: "key_value", repetition_type: "REPEATED", num_children: 2 });
      out.push({ name: "key", repetition_type: "REQUIRED", ...STRING });
      column("value", type.values, out);
      return;
    default:
      out.push({ name, repetition_type, ...leaf(type) });
  }
}

const STRING = { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } } as const;

function leaf(type: AvroType): Omit<SchemaElement, "name"> {
  const logical = "logical" in type ? type.logical : undefined;
  switch (logical?.name) {
    case "date":
      return { type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } };
    case "time-millis":
      return {
        type: "INT32",
        converted_type: "TIME_MILLIS",
        logical_type: { type: "TIME", isAdjustedToUTC: true, unit: "MILLIS" },
      };
    case "time-micros":
      return {
        type: "INT64",
        converted_type: "TIME_MICROS",
        logical_type: { type: "TIME", isAdjustedToUTC: true, unit: "MICROS" },
      };
    case "timestamp-millis":
      return { type: "INT64", converted_type: "TIMESTAMP_MILLIS", logical_type: timestamp(true, "MILLIS") };
    case "timestamp-micros":
      return { type: "INT64", converted_type: "TIMESTAMP_MICROS", logical_type: timestamp(true, "MICROS") };
    case "local-timestamp-millis":
      return { type: "INT64", logical_type: timestamp(false, "MILLIS") };
    case "local-timestamp-micros":
      return { type: "INT64", logical_type: timestamp(false, "MICROS") };
    case "decimal": {
      const { precision, scale } = logical;
      const base =
        type.type === "fixed"
          ? { type: "FIXED_LEN_BYTE_ARRAY" as const, type_length: type.size }
          : { type: "BYTE_ARRAY" as const };
      return {
        ...base,
        converted_type: "DECIMAL",
        scale,
        precision,
        logical_type: { type: "DECIMAL", precision, scale },
      };
    }
  }
  switch (type.type) {
    case "boolean":
      return { type: "BOOLEAN" };
    case "int":
      return { type: "INT32" };
    case "long":
      return { type: "INT64" };
    case "float":
      return { type: "FLOAT" };
    case "double":
      return { type: "DOUBLE" };
    case "bytes":
      return { type: "BYTE_ARRAY" };
    case "enum":
      return { type: "BYTE_ARRAY", converted_type: "ENUM", logical_type: { type: "ENUM" } };
    case "fixed":
      return { type: "FIXED_LEN_BYTE_ARRAY", type_length: type.size };
    default:
      // string, uuid, and a column that only ever held null
      return STRING;
  }
}

const timestamp = (isAdjustedToUTC: boolean, unit: "MILLIS" | "MICROS") => ({
  type: "TIMESTAMP" as const,
  isAdjustedToUTC,
  unit,
});

/** The Avro schema as JSON text, stored in the file's `parquet.avro.schema` metadata as parquet-avro does. */
export function avroSchemaJson(record: AvroRecord): string {
  return JSON.stringify(avroJson(record, new Set()));
}

function avroJson(type: AvroType, named: Set<string>): unknown {
  const logical =
    "logical" in type && type.logical ? { logicalType: type.logical.name, ...decimalOf(type.logical) } : {};
  switch (type.type) {
    case "record":
      if (named.has(type.name)) return type.name;
      named.add(type.name);
      return {
        type: "record",
        name: type.name,
        fields: type.fields.map((f) => ({
          name: f.name,
          type: avroJson(f.schema, named),
          ...(isNullable(f.schema) ? { default: null } : {}),
        })),
      };
    case "enum":
      if (named.has(type.name)) return type.name;
      named.add(type.name);
      return { type: "enum", name: type.name, symbols: type.symbols };
    case "fixed":
      if (named.has(type.name)) return type.name;
      named.add(type.name);
      return { type: "fixed", name: type.name, size: type.size, ...logical };
    case "array":
      return { type: "array", items: avroJson(type.items, named) };
    case "map":
      return { type: "map", values: avroJson(type.values, named) };
    case "union":
      return type.types.map((t) => avroJson(t, named));
    default:
      return Object.keys(logical).length > 0 ? { type: type.type, ...logical } : type.type;
  }
}

const decimalOf = (logical: NonNullable<Extract<AvroType, { logical?: unknown }>["logical"]>) =>
  logical.name === "decimal" ? { precision: logical.precision, scale: logical.scale } : {};

const isNullable = (type: AvroType) => type.type === "union" && type.types[0]?.type === "null";

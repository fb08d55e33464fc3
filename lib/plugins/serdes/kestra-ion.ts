import { ionText, javaDouble } from "../../plugin-kit/ion-text";

// Ion text for the Java values Kestra's FileSerde writes that plain JavaScript values cannot say:
// a LocalDate is a day-precision timestamp (`2024-01-02`), a LocalDateTime or LocalTime an annotated
// string (`LocalDateTime::"2024-01-02T10:00:00"`), a Double always a float (`1e0`), a BigDecimal a
// decimal (`12.50`). Everything else is written as ion-text writes it.

/** A value written as its own Ion text. */
export class IonLiteral {
  constructor(readonly text: string) {}
}

/** `LocalDate`: `2024-01-02`. */
export const ionDate = (year: number, month: number, day: number) =>
  new IonLiteral(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

/** A Java time value Kestra writes as a string annotated with its class name. */
export const ionTyped = (javaClass: "LocalDateTime" | "LocalTime", text: string) =>
  new IonLiteral(`${javaClass}::${ionText(text)}`);

/** A Java Double: an Ion float even when whole. */
export const ionFloat = (n: number) => new IonLiteral(javaDouble(n));

/** A BigDecimal of `scale` digits after the point, from its unscaled value. */
export function ionDecimal(unscaled: bigint, scale: number): IonLiteral {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? `${digits}.` : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return new IonLiteral(`${negative ? "-" : ""}${text}`);
}

/** ISO_LOCAL_TIME / ISO_LOCAL_DATE_TIME's time: seconds always, the fraction only when not zero. */
export function isoLocalTime(hour: number, minute: number, second: number, micros: number): string {
  const base = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
  if (micros === 0) return base;
  return `${base}.${pad(micros, 6).replace(/0+$/, "")}`;
}

export function kestraIonText(value: unknown): string {
  if (value instanceof IonLiteral) return value.text;
  if (Array.isArray(value)) return `[${value.map(kestraIonText).join(",")}]`;
  if (isPlainStruct(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${ionText({ [k]: null }).slice(1, -6)}:${kestraIonText(v)}`)
      .join(",")}}`;
  return ionText(value);
}

/** Records as Ion file chunks, a value per line. */
export async function* kestraIonLines(rows: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const row of rows) {
    yield Buffer.from(first ? kestraIonText(row) : `\n${kestraIonText(row)}`);
    first = false;
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

const isPlainStruct = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !(value instanceof Date) &&
  !Buffer.isBuffer(value) &&
  !(value instanceof Uint8Array);

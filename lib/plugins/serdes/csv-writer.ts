// Writing one CSV record as FastCSV 4's CsvWriter does (Kestra's IonToCsv writer): a field is quoted
// when it holds the separator, the quote, CR or LF, or starts the record with `#` (FastCSV's comment
// character); quotes inside are doubled; the quote mode decides the rest.

export const QUOTE_MODES = ["ALWAYS", "REQUIRED", "NON_NUMERIC"] as const;
export type QuoteMode = (typeof QUOTE_MODES)[number];

export interface CsvWriteOptions {
  separator: string;
  quote: string;
  lineDelimiter: string;
  quoteMode: QuoteMode;
}

const COMMENT = "#";
const LINE_DELIMITERS = ["\r\n", "\n", "\r"];

/** Checks what FastCSV's builder checks, with its messages. */
export function checkWriteOptions({ separator, quote, lineDelimiter }: CsvWriteOptions): void {
  if (!LINE_DELIMITERS.includes(lineDelimiter)) throw new Error(`Unknown line delimiter: ${lineDelimiter}`);
  if (separator === "\r" || separator === "\n") throw new Error("fieldSeparator must not be a newline char");
  if (quote === "\r" || quote === "\n") throw new Error("quoteCharacter must not be a newline char");
  if (new Set([separator, quote, COMMENT]).size < 3)
    throw new Error(
      `Control characters must differ (fieldSeparator=${separator}, quoteCharacter=${quote}, commentCharacter=${COMMENT})`,
    );
}

/** One record and its line delimiter; null and "" are written as nothing (as `""` with ALWAYS). */
export function csvRecord(values: readonly (string | null)[], options: CsvWriteOptions): string {
  const { separator, quote, lineDelimiter, quoteMode } = options;
  let line = "";
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += separator;
    const value = values[index];
    if (value === null || value === "") {
      if (quoteMode === "ALWAYS") line += quote + quote;
      continue;
    }
    const mustQuote = (index === 0 && value[0] === COMMENT) || hasControl(value, separator, quote);
    if (mustQuote) line += quote + value.replaceAll(quote, quote + quote) + quote;
    else if (quoteMode === "ALWAYS" || (quoteMode === "NON_NUMERIC" && !isNumeric(value)))
      line += quote + value + quote;
    else line += value;
  }
  return line + lineDelimiter;
}

const hasControl = (value: string, separator: string, quote: string) =>
  value.includes(separator) || value.includes(quote) || value.includes("\n") || value.includes("\r");

/** Kestra's NON_NUMERIC test: an optional sign, then digits with at most one dot. */
export function isNumeric(value: string): boolean {
  return value !== "" && value !== "+" && value !== "-" && /^[+-]?[0-9]*\.?[0-9]*$/.test(value);
}

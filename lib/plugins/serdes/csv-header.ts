// Which columns of a CSV header become struct keys, as Kestra's CsvToIon decides (`onEmptyHeader`).

export const ON_EMPTY_HEADER = ["DROP", "RENAME"] as const;
export type OnEmptyHeader = (typeof ON_EMPTY_HEADER)[number];

export interface CsvHeader {
  /** One name per column of the header line. */
  names: string[];
  /** How many of the first columns a row keeps. */
  kept: number;
  /** What Kestra warns about the header. */
  warnings: string[];
}

/** No header line was read (a header expected, but the first line was skipped as empty). */
export const NO_HEADER: CsvHeader = { names: [], kept: 0, warnings: [] };

export function resolveHeader(fields: string[], onEmptyHeader: OnEmptyHeader): CsvHeader {
  if (onEmptyHeader === "RENAME") return { names: renamed(fields), kept: fields.length, warnings: [] };
  // DROP: the trailing run of unnamed columns goes (a trailing separator), but never every column.
  const lastNamed = fields.findLastIndex((name) => name !== "");
  const kept = lastNamed < 0 ? fields.length : lastNamed + 1;
  const warnings: string[] = [];
  if (kept < fields.length)
    warnings.push(
      `Dropped ${fields.length - kept} trailing unnamed header column(s); their values are not emitted. Set onEmptyHeader=RENAME to keep them.`,
    );
  const colliding = kept - new Set(fields.slice(0, kept)).size;
  if (colliding > 0)
    warnings.push(
      `Header has ${colliding} duplicate or empty column name(s) among the kept columns. Colliding columns share one output key and only the last value is kept. Set onEmptyHeader=RENAME to keep every column.`,
    );
  return { names: fields, kept, warnings };
}

/** Unnamed columns become `col_<index>` (`col_<index>_2`, … when a column already has that name). */
function renamed(fields: string[]): string[] {
  const taken = new Set(fields);
  return fields.map((name, index) => {
    if (name !== "") return name;
    let unique = `col_${index}`;
    for (let attempt = 2; taken.has(unique); attempt++) unique = `col_${index}_${attempt}`;
    taken.add(unique);
    return unique;
  });
}

import ExcelJS from "exceljs";

type ReaderInput = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[0];
type ReaderOptions = ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookReader>[1];

/**
 * exceljs's streaming reader parses a worksheet at once when the shared strings and the workbook's
 * rels came before it, but names it from xl/workbook.xml, which writers such as exceljs's own put
 * after the sheets: it then fails reading `model.sheets`. Here the rels count as known only once the
 * workbook is, so such sheets wait (exceljs spools them to a temporary file) and get their names.
 */
export function workbookReader(stream: ReaderInput, options: ReaderOptions): ExcelJS.stream.xlsx.WorkbookReader {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, options) as ExcelJS.stream.xlsx.WorkbookReader & {
    model?: unknown;
  };
  let rels: unknown;
  Object.defineProperty(reader, "workbookRels", {
    get: () => (reader.model ? rels : undefined),
    set: (value: unknown) => {
      rels = value;
    },
    configurable: true,
  });
  return reader;
}

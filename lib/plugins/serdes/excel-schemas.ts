import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZExpression, ZNumber, ZStringList } from "../../plugin-kit/props";
import { charset, from, oneOf, PKG, timeZoneId } from "./schema-parts";

// Kestra's Excel tasks (plugin-serdes `excel`): .xlsx sheets → Ion files, Ion files → an .xlsx
// workbook. Client-safe: no run code here.

const excelToIon: PluginTaskSchema = {
  type: `${PKG}.excel.ExcelToIon`,
  aliases: [],
  title: "Excel to Ion",
  description:
    "Convert the sheets of an Excel (.xlsx) workbook to Ion, a file per sheet: with a header, a struct per row keyed by the header row; without, a list. Outputs `uris` (sheet name → URI, e.g. `{{ outputs.task.uris.Sheet1 }}`) and `size` (rows of all sheets).",
  shape: {
    from,
    sheetsTitle: z
      .union([ZStringList, ZExpression])
      .optional()
      .describe("Names of the sheets to convert. Default: every sheet."),
    header: ZBool.optional().describe("The first row (after skipRows) names the columns. Default true."),
    skipRows: ZNumber.optional().describe("Rows to skip at the start of each sheet (a title, notes). Default 0."),
    skipEmptyRows: ZBool.optional().describe("Skip rows whose cells are all empty. Default false."),
    valueRender: oneOf(["UNFORMATTED_VALUE", "FORMATTED_VALUE", "FORMULA"])
      .optional()
      .describe(
        "UNFORMATTED_VALUE (default): a cell's value (a formula's cached result); FORMATTED_VALUE: the text its number format shows (a formula's text for a formula); FORMULA: a formula's cached result.",
      ),
    dateTimeRender: oneOf(["UNFORMATTED_VALUE", "SERIAL_NUMBER", "FORMATTED_STRING"])
      .optional()
      .describe(
        "Date cells: UNFORMATTED_VALUE (default) their date as `yyyy-MM-dd` text; SERIAL_NUMBER Excel's serial number; FORMATTED_STRING the text their number format shows.",
      ),
    charset: charset.describe("Accepted for Kestra's flows; an .xlsx file is UTF-8 XML whatever it says."),
  },
};

const ionToExcel: PluginTaskSchema = {
  type: `${PKG}.excel.IonToExcel`,
  aliases: [],
  title: "Ion to Excel",
  description:
    "Convert an Ion file to an Excel (.xlsx) workbook, or several into one workbook of several sheets (`from` as a map of sheet name → URI). Outputs `uri` and `size` (records).",
  shape: {
    from: z
      .union([z.string().min(1), z.record(z.string(), z.string())])
      .describe('URI of the Ion file, or a map of sheet name → URI (`Sheet_1: "{{ outputs.a.uri }}"`).'),
    sheetsTitle: z.string().optional().describe("Sheet name when `from` is one URI. Default `Sheet`."),
    header: ZBool.optional().describe("Write the first struct's keys as a header row. Default true."),
    styles: ZBool.optional().describe("Format date cells with dateFormat. Default true."),
    dateFormat: z.string().optional().describe("Number format of date cells. Default `yyyy-MM-dd`."),
    timeFormat: z.string().optional().describe("Accepted as Kestra's (checked, not used). Default `HH:mm:ss[XXX]`."),
    dateTimeFormat: z
      .string()
      .optional()
      .describe("Accepted as Kestra's (checked, not used). Default `yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]`."),
    timeZoneId: timeZoneId.describe(
      "A timestamp is written as the date it falls on in this zone. Default: the server's zone.",
    ),
    charset: charset.describe("Accepted for Kestra's flows; an .xlsx file is UTF-8 XML."),
  },
};

export const EXCEL_SCHEMAS: readonly PluginTaskSchema[] = [excelToIon, ionToExcel];

import type { PluginRunners } from "../../plugin-kit/plugin-task";
import { csvToIon } from "./csv-to-ion";
import { excelToIon } from "./excel-to-ion";
import { ionToExcel } from "./ion-to-excel";
import { ionToParquet } from "./ion-to-parquet";
import { parquetToIon } from "./parquet-to-ion";
import { ionToCsv } from "./ion-to-csv";
import { ionToJson } from "./ion-to-json";
import { jsonToIon } from "./json-to-ion";
import { jsonToJsonl } from "./json-to-jsonl";
import { ionToYaml, yamlToIon } from "./yaml-tasks";

const PKG = "io.kestra.plugin.serdes";

/** Run code of each serdes type (aliases are resolved by the flow parser). */
export const SERDES_RUNNERS: PluginRunners = {
  [`${PKG}.csv.CsvToIon`]: csvToIon,
  [`${PKG}.csv.IonToCsv`]: ionToCsv,
  [`${PKG}.json.JsonToIon`]: jsonToIon,
  [`${PKG}.json.IonToJson`]: ionToJson,
  [`${PKG}.json.JsonToJsonl`]: jsonToJsonl,
  [`${PKG}.yaml.IonToYaml`]: ionToYaml,
  [`${PKG}.yaml.YamlToIon`]: yamlToIon,
  [`${PKG}.parquet.IonToParquet`]: ionToParquet,
  [`${PKG}.parquet.ParquetToIon`]: parquetToIon,
  [`${PKG}.excel.ExcelToIon`]: excelToIon,
  [`${PKG}.excel.IonToExcel`]: ionToExcel,
};

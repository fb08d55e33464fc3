import type { PluginRunners } from "../../plugin-kit/plugin-task";
import { archiveCompress, archiveDecompress } from "./archive-tasks";
import { fileCompress, fileDecompress } from "./file-tasks";

const PKG = "io.kestra.plugin.compress";

/** Run code of each compress type. */
export const COMPRESS_RUNNERS: PluginRunners = {
  [`${PKG}.ArchiveCompress`]: archiveCompress,
  [`${PKG}.ArchiveDecompress`]: archiveDecompress,
  [`${PKG}.FileCompress`]: fileCompress,
  [`${PKG}.FileDecompress`]: fileDecompress,
};

import type { TNamespaceFiles } from "../flow/task-types/common";
import { isFileUri, readFileByUri } from "../files/output-files";
import { loadNamespaceFiles } from "../namespace-files/load-namespace-files";
import { parseDotEnv } from "./docker-compose-interpolate";
import { ComposeFileError, isInside } from "./docker-compose-service";
import { stringList } from "./docker-task-common";
import { resolveInputFiles } from "./resolve-input-files";
import { log, type TaskContext } from "./task-context";

/** What a Compose task reads before it runs: its working-directory files, compose files and variables. */
export interface ComposeInputs {
  /** Working-directory files by relative path (`.env` is read by Osprey, not written). */
  files: Record<string, string | Buffer>;
  sources: { name: string; text: string }[];
  /** Substitution variables: the `.env` file's, then the task's `env` over them. */
  env: Record<string, string>;
}

/** Names docker-compose looks for when no file is named. */
const DEFAULT_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

export async function readComposeInputs(ctx: TaskContext, task: Record<string, unknown>): Promise<ComposeInputs> {
  const files = await withNamespaceFiles(
    ctx,
    task.namespaceFiles as TNamespaceFiles | undefined,
    await resolveInputFiles(ctx.deps, ctx.executionId, task.inputFiles as Record<string, string> | string | undefined),
  );
  const clean: Record<string, string | Buffer> = {};
  for (const [name, content] of Object.entries(files)) {
    if (!isInside(name))
      throw new ComposeFileError(`inputFiles name "${name}" must be a relative path inside the working directory`);
    clean[name.replace(/\\/g, "/").replace(/^\.\/+/, "")] = content;
  }
  const dotEnv = clean[".env"] === undefined ? {} : parseDotEnv(clean[".env"].toString());
  // docker-compose would also take DOCKER_HOST and COMPOSE_* from a .env file: Osprey reads it instead.
  delete clean[".env"];
  const env = { ...dotEnv, ...((task.env ?? {}) as Record<string, string>) };
  return { files: clean, sources: await composeSources(ctx, task, clean), env };
}

/** Each compose file as text: a `kestra://` URI, a working-directory file, or inline YAML (as Kestra resolves them). */
async function composeSources(
  ctx: TaskContext,
  task: Record<string, unknown>,
  files: Record<string, string | Buffer>,
): Promise<{ name: string; text: string }[]> {
  const several = stringList(task.composeFiles);
  const given = several.length > 0 ? several : task.composeFile ? [String(task.composeFile)] : [];
  if (given.length === 0) {
    const found = DEFAULT_FILES.find((f) => files[f] !== undefined);
    if (!found)
      throw new ComposeFileError(
        `composeFile: give the compose file (inline YAML, an inputFiles name or a kestra:// URI); no ${DEFAULT_FILES.join(" or ")} among the input files`,
      );
    return [{ name: found, text: files[found].toString() }];
  }
  return Promise.all(
    given.map(async (entry, i) => {
      const name = several.length > 0 ? `composeFiles[${i}]` : "composeFile";
      const text = entry.trim();
      if (isFileUri(text)) {
        const { content } = await readFileByUri(
          ctx.deps,
          ctx.executionId,
          text,
          ctx.deps.config.OSPREY_MAX_OUTPUT_FILE_BYTES,
          {
            fromParents: true,
          },
        );
        return { name: text, text: content.toString() };
      }
      const path = text.replace(/^\.\/+/, "");
      if (!text.includes("\n") && files[path] !== undefined) return { name: path, text: files[path].toString() };
      return { name, text: entry };
    }),
  );
}

/** The task's `namespaceFiles` merged into its input files (read only when the option is there). */
async function withNamespaceFiles(
  ctx: TaskContext,
  option: TNamespaceFiles | undefined,
  inputFiles: Record<string, string | Buffer>,
): Promise<Record<string, string | Buffer>> {
  if (!option) return inputFiles;
  const { namespace } = await ctx.deps.db.execution.findUniqueOrThrow({
    where: { id: ctx.executionId },
    select: { namespace: true },
  });
  const { files, notes } = await loadNamespaceFiles(ctx.deps, namespace, option, inputFiles);
  for (const note of notes) log(ctx, note.message, note.level, "system");
  return files;
}

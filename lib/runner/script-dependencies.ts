import { createHash } from "node:crypto";
import type Docker from "dockerode";

// Kestra's `dependencies` on Python and Node.js script tasks: packages installed before the script
// runs. With `dependencyCacheEnabled` (default) they go into a Docker volume named after the list
// and the image, installed once (under a lock, so tasks starting together install it once) and
// mounted into every later task that asks for the same list.

export const DEPS_DIR = "/osprey/deps";

export interface DependencySetup {
  /** Run first, before the task's own beforeCommands. */
  commands: string[];
  env: Record<string, string>;
  mount?: Docker.MountSettings;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The cache volume's name: the same list (in any order) on the same image shares one. */
export function dependencyVolume(family: string, image: string, dependencies: string[]): string {
  const key = [family, image, ...[...dependencies].sort()].join("\n");
  return `osprey-deps-${family}-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

export function dependencySetup(
  family: string,
  dependencies: string[] | undefined,
  options: { cache: boolean; image: string; workingDir: string; container: boolean },
): DependencySetup | null {
  if (!dependencies?.length || (family !== "python" && family !== "node")) return null;
  const cached = options.cache && options.container;
  const dir = cached ? DEPS_DIR : `${options.workingDir}/.osprey-deps`;
  const packages = dependencies.map(quote).join(" ");
  const install =
    family === "python"
      ? // uv when the image has it (Kestra's default), else pip.
        `if command -v uv >/dev/null 2>&1; then uv pip install --quiet --target ${dir}/python ${packages}; else python -m pip install --quiet --disable-pip-version-check --no-warn-script-location --target ${dir}/python ${packages}; fi`
      : `npm install --silent --no-audit --no-fund --prefix ${dir}/node ${packages}`;
  // Installed once per volume: a marker written last, the install under a lock when flock exists.
  const once = `[ -f ${dir}/.installed ] || { ${install} && touch ${dir}/.installed; }`;
  const locked = `mkdir -p ${dir} && if command -v flock >/dev/null 2>&1; then flock ${dir}/.lock sh -c ${quote(once)}; else ${once}; fi`;
  const bin = family === "python" ? `${dir}/python/bin` : `${dir}/node/node_modules/.bin`;
  const commands = [cached ? locked : `mkdir -p ${dir} && ${install}`, `export PATH="${bin}:$PATH"`];
  // ES modules resolve from the script's folder upward, not NODE_PATH: link node_modules there too.
  if (family === "node") commands.push(`[ -e node_modules ] || ln -s ${dir}/node/node_modules node_modules`);
  const env: Record<string, string> =
    family === "python" ? { PYTHONPATH: `${dir}/python` } : { NODE_PATH: `${dir}/node/node_modules` };
  return {
    commands,
    env,
    ...(cached
      ? {
          mount: {
            Type: "volume",
            Source: dependencyVolume(family, options.image, dependencies),
            Target: DEPS_DIR,
          } as Docker.MountSettings,
        }
      : {}),
  };
}

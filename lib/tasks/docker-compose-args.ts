import { ComposeFileError } from "./docker-compose-service";

/**
 * `composeArgs` against what docker-compose (v1) may be asked here: the commands that act on this
 * task's own project, with the options that stay inside it. Refused: building, pulling and pushing
 * (images come through Osprey's own checked pull), options that mount or publish from the host
 * (`run -v`, `run -p`), `exec --privileged`, `down --rmi`, and every global option that would pick
 * another engine, project or file. Pure.
 */

/** Options of a command: name → whether it takes a value. */
type Options = Record<string, boolean>;

const GLOBAL: Options = {
  "--no-ansi": false,
  "--ansi": true,
  "--verbose": false,
  "--log-level": true,
  "--compatibility": false,
  "--profile": true,
};

const TIMEOUT: Options = { "-t": true, "--timeout": true };

const COMMANDS: Record<string, { options: Options; command?: true }> = {
  up: {
    options: {
      "-d": false,
      "--detach": false,
      "--no-color": false,
      "--quiet-pull": false,
      "--no-deps": false,
      "--force-recreate": false,
      "--always-recreate-deps": false,
      "--no-recreate": false,
      "--no-build": false,
      "--no-start": false,
      "--abort-on-container-exit": false,
      "--attach-dependencies": false,
      "-V": false,
      "--renew-anon-volumes": false,
      "--remove-orphans": false,
      "--exit-code-from": true,
      "--scale": true,
      ...TIMEOUT,
    },
  },
  // After the service: the command to run in it, as written.
  run: {
    command: true,
    options: {
      "-d": false,
      "--detach": false,
      "--rm": false,
      "--no-deps": false,
      "-T": false,
      "--use-aliases": false,
      "--name": true,
      "--entrypoint": true,
      "-e": true,
      "-u": true,
      "--user": true,
      "-w": true,
      "--workdir": true,
    },
  },
  exec: {
    command: true,
    options: {
      "-d": false,
      "--detach": false,
      "-T": false,
      "--index": true,
      "-e": true,
      "--env": true,
      "-u": true,
      "--user": true,
      "-w": true,
      "--workdir": true,
    },
  },
  create: { options: { "--force-recreate": false, "--no-recreate": false, "--no-build": false } },
  start: { options: {} },
  stop: { options: TIMEOUT },
  restart: { options: TIMEOUT },
  kill: { options: { "-s": true } },
  pause: { options: {} },
  unpause: { options: {} },
  rm: { options: { "-f": false, "--force": false, "-s": false, "--stop": false, "-v": false } },
  down: { options: { "-v": false, "--volumes": false, "--remove-orphans": false, ...TIMEOUT } },
  logs: {
    options: {
      "--no-color": false,
      "-f": false,
      "--follow": false,
      "-t": false,
      "--timestamps": false,
      "--tail": true,
      "--no-log-prefix": false,
    },
  },
  ps: {
    options: { "-q": false, "--quiet": false, "--services": false, "-a": false, "--all": false, "--filter": true },
  },
  top: { options: {} },
  images: { options: { "-q": false } },
  port: { options: { "--protocol": true, "--index": true } },
  config: {
    options: {
      "-q": false,
      "--quiet": false,
      "--services": false,
      "--volumes": false,
      "--hash": true,
      "--no-interpolate": false,
    },
  },
  version: { options: { "--short": false } },
};

const WHY_NOT: Record<string, string> = {
  build: "builds read the server's files; build with io.kestra.plugin.docker.Build",
  pull: "Osprey pulls every service's image itself, under the registry rules, before the command runs",
  push: "push with io.kestra.plugin.docker.Push",
};

/** Checks every argument; returns them as given. */
export function checkComposeArgs(args: string[]): string[] {
  let i = takeOptions(args, 0, GLOBAL, "docker-compose");
  const command = args[i];
  if (command === undefined) throw new ComposeFileError("composeArgs: no command, e.g. [up] or [run, app]");
  const spec = COMMANDS[command];
  if (!spec)
    throw new ComposeFileError(
      `composeArgs: command ${command} is not supported${WHY_NOT[command] ? ` (${WHY_NOT[command]})` : ""}; supported: ${Object.keys(COMMANDS).join(", ")}`,
    );
  i = takeOptions(args, i + 1, spec.options, command);
  // Services, then (for run and exec) the command given to the service, which is the container's business.
  for (; i < args.length && !spec.command; i++)
    if (args[i].startsWith("-"))
      throw new ComposeFileError(`composeArgs: ${command} option ${args[i]} must come before the service names`);
  return args;
}

/** Skips the options from `start`; returns the index of the first argument that is not one. */
function takeOptions(args: string[], start: number, options: Options, command: string): number {
  let i = start;
  while (i < args.length && args[i].startsWith("-")) {
    if (args[i] === "--") return i + 1;
    const [name] = args[i].split("=", 1);
    if (!(name in options))
      throw new ComposeFileError(
        `composeArgs: ${command} option ${name} is not supported here${Object.keys(options).length ? ` (supported: ${Object.keys(options).join(", ")})` : ""}`,
      );
    i += options[name] && !args[i].includes("=") ? 2 : 1;
  }
  return i;
}

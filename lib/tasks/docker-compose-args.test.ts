import { describe, expect, it } from "vitest";
import { checkComposeArgs } from "./docker-compose-args";

describe("composeArgs", () => {
  it("takes the commands that act on the task's own project, with their options", () => {
    for (const args of [
      ["up"],
      ["up", "-d"],
      ["up", "--abort-on-container-exit", "--exit-code-from", "app", "--timeout=5", "app", "db"],
      ["--no-ansi", "up", "--no-build"],
      ["run", "--rm", "-e", "A=1", "app", "sh", "-c", "ls -v /"],
      ["run", "--", "app", "echo", "-p"],
      ["logs", "--tail", "10"],
      ["down", "-v"],
      ["config", "-q"],
    ])
      expect(checkComposeArgs(args), args.join(" ")).toEqual(args);
  });

  it("refuses what reaches the host or another engine, saying why", () => {
    const refusal = (args: string[]) => {
      try {
        checkComposeArgs(args);
        return "allowed";
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(refusal(["build"])).toMatch(/command build is not supported \(builds read the server's files/);
    expect(refusal(["pull"])).toMatch(/Osprey pulls every service's image itself/);
    expect(refusal(["up", "--build"])).toMatch(/up option --build is not supported here/);
    expect(refusal(["run", "-v", "/:/host", "app"])).toMatch(/run option -v is not supported/);
    expect(refusal(["run", "-p", "80:80", "app"])).toMatch(/run option -p/);
    expect(refusal(["run", "-l", "io.osprey.taskrun=x", "app"])).toMatch(/run option -l/);
    expect(refusal(["exec", "--privileged", "app", "sh"])).toMatch(/exec option --privileged/);
    expect(refusal(["down", "--rmi", "all"])).toMatch(/down option --rmi/);
    expect(refusal(["-H", "tcp://elsewhere:2375", "up"])).toMatch(/docker-compose option -H/);
    expect(refusal(["--project-name", "other", "down"])).toMatch(/docker-compose option --project-name/);
    expect(refusal(["--env-file", "/etc/environment", "up"])).toMatch(/option --env-file/);
    expect(refusal(["-f", "/etc/x.yml", "up"])).toMatch(/option -f/);
    expect(refusal(["up", "app", "--build"])).toMatch(/up option --build must come before the service names/);
    expect(refusal([])).toMatch(/no command/);
  });
});

import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PolicyError } from "../runner/container-policy";
import { lockedPolicy, openPolicy } from "../testing/policy-fixture";
import { prepareCompose } from "./docker-compose-file";
import { ComposeFileError } from "./docker-compose-service";

const LABELS = { "io.osprey.managed": "true", "io.osprey.taskrun": "tr1" };
const locked = lockedPolicy({ defaults: { memoryBytes: 1024, pidsLimit: 64, noNewPrivileges: true } });

const prepare = (yaml: string, env: Record<string, string> = {}, policy = locked) =>
  prepareCompose([{ name: "composeFile", text: yaml }], env, policy, LABELS);
const doc = (yaml: string, env: Record<string, string> = {}) => parse(prepare(yaml, env).files[0].yaml);

/** The setting a refusal names, the message of any other refusal, or "allowed". */
function verdict(yaml: string, policy = locked): string {
  try {
    prepare(yaml, {}, policy);
    return "allowed";
  } catch (err) {
    if (err instanceof PolicyError) return err.setting;
    if (err instanceof ComposeFileError) return err.message;
    throw err;
  }
}

const service = (body: string) => `services:\n  app:\n    image: alpine:3\n${body.replace(/^/gm, "    ")}\n`;

describe("a compose file under the container rules", () => {
  it("refuses what reaches the host, naming the setting, and allows it when the admin does", () => {
    const cases: [string, string][] = [
      ["privileged: true", "OSPREY_ALLOW_PRIVILEGED"],
      // Read as docker-compose's YAML 1.1 reads them.
      ["privileged: yes", "OSPREY_ALLOW_PRIVILEGED"],
      ["privileged: ${P:-on}", "OSPREY_ALLOW_PRIVILEGED"],
      ["network_mode: host", "OSPREY_ALLOW_HOST_NETWORK"],
      ["network_mode: container:db", "OSPREY_ALLOW_HOST_NETWORK"],
      ["pid: host", "OSPREY_ALLOW_PRIVILEGED"],
      ["ipc: host", "OSPREY_ALLOW_PRIVILEGED"],
      ["userns_mode: host", "OSPREY_ALLOW_PRIVILEGED"],
      ["cap_add: [SYS_ADMIN]", "OSPREY_ALLOW_PRIVILEGED"],
      ["security_opt: [seccomp:unconfined]", "OSPREY_ALLOW_PRIVILEGED"],
      ["security_opt: [apparmor=unconfined]", "OSPREY_ALLOW_PRIVILEGED"],
      ["devices: [/dev/kmsg]", "OSPREY_ALLOW_DEVICE_REQUESTS"],
      ["ports: ['8080:80']", "OSPREY_ALLOW_PORT_BINDINGS"],
      ["volumes: ['/etc:/host-etc:ro']", "OSPREY_ALLOW_HOST_VOLUMES"],
      ["volumes: ['./data:/data']", "OSPREY_ALLOW_HOST_VOLUMES"],
      ["volumes: [{type: bind, source: /var/run/docker.sock, target: /s}]", "OSPREY_ALLOW_HOST_VOLUMES"],
      ["volumes_from: ['container:postgres']", "OSPREY_ALLOW_HOST_VOLUMES"],
    ];
    for (const [body, setting] of cases) {
      expect(verdict(service(body)), body).toBe(setting);
      expect(verdict(service(body), openPolicy()), body).toBe("allowed");
    }
  });

  it("refuses what Compose would read from the server or build there, whatever the settings", () => {
    const open = openPolicy();
    expect(verdict("services:\n  app:\n    build: .\n", open)).toMatch(/build: Compose tasks do not build images/);
    expect(verdict(service("env_file: /etc/environment"), open)).toMatch(
      /env_file "\/etc\/environment" must be a relative path/,
    );
    expect(verdict(service("env_file: ../x.env"), open)).toMatch(/must be a relative path/);
    expect(verdict(service("extends: {file: /etc/other.yml, service: x}"), open)).toMatch(
      /extends.file reads another file/,
    );
    expect(verdict(service("external_links: [db]"), open)).toMatch(/external_links reaches containers outside/);
    expect(verdict(service("logging: {driver: syslog}"), open)).toMatch(/logging.driver syslog/);
    expect(verdict(service("anything: 1"), open)).toBe(
      "services.app.anything is not a Compose key this server accepts",
    );
    expect(verdict(`${service("")}secrets:\n  s:\n    file: /etc/shadow\n`, open)).toMatch(
      /secrets mount files of the server's host/,
    );
    expect(verdict(service("env_file: [vars.env]"), open)).toBe("allowed");
  });

  it("checks images against the registries and keeps protected ones local-only", () => {
    const policy = lockedPolicy({ allowedRegistries: ["docker.io"] });
    expect(verdict("services:\n  a:\n    image: evil.example.com/x:1\n", policy)).toBe("OSPREY_ALLOWED_REGISTRIES");
    const { images } = prepareCompose(
      [
        {
          name: "f",
          text: "services:\n  a:\n    image: osprey/shell:latest\n  b:\n    image: alpine:3\n    pull_policy: always\n",
        },
      ],
      {},
      policy,
      LABELS,
    );
    expect(images).toEqual([
      { service: "a", image: "osprey/shell:latest", pullPolicy: "LOCAL_ONLY" },
      { service: "b", image: "alpine:3", pullPolicy: "ALWAYS" },
    ]);
  });

  it("refuses volumes and networks that reach beyond the task", () => {
    expect(verdict(`${service("volumes: [data:/d]")}volumes:\n  data:\n    external: true\n`)).toBe(
      "OSPREY_ALLOW_HOST_VOLUMES",
    );
    expect(verdict(`${service("volumes: [data:/d]")}volumes:\n  data:\n    name: osprey-working-dir\n`)).toBe(
      "OSPREY_ALLOW_HOST_VOLUMES",
    );
    expect(
      verdict(
        `${service("volumes: [data:/d]")}volumes:\n  data:\n    driver_opts: {type: none, o: bind, device: /etc}\n`,
      ),
    ).toBe("OSPREY_ALLOW_HOST_VOLUMES");
    expect(verdict(`${service("volumes: [other:/d]")}`)).toMatch(/volume "other" is not declared/);
    expect(verdict(`${service("")}networks:\n  n:\n    driver: macvlan\n`)).toBe("OSPREY_ALLOW_HOST_NETWORK");
    expect(verdict(`${service("")}networks:\n  n:\n    external: true\n    name: host\n`)).toBe(
      "OSPREY_ALLOW_HOST_NETWORK",
    );
    expect(verdict(`${service("volumes: [data:/d]")}volumes:\n  data: {}\n`)).toBe("allowed");
  });
});

describe("the file docker-compose gets", () => {
  it("checks the values after substitution from the task's env, never the server's", () => {
    expect(verdict(service("privileged: ${PRIV:-true}"))).toBe("OSPREY_ALLOW_PRIVILEGED");
    const d = doc(
      service("command: [sh, -c, 'echo $$HOME ${GREETING} ${MISSING:-fallback}']\nenvironment: [A=1, B, PATH]"),
      {
        GREETING: "hi",
        B: "from-env",
      },
    );
    // `$` doubled again: docker-compose turns `$$HOME` back into the `$HOME` the shell expands.
    expect(d.services.app.command).toEqual(["sh", "-c", "echo $$HOME hi fallback"]);
    // A bare name takes the task's value, or is left out: the server's PATH never reaches the container.
    expect(d.services.app.environment).toEqual({ A: "1", B: "from-env" });
    expect(prepare(service("command: echo ${NOPE}")).unset).toEqual(["NOPE"]);
    expect(verdict(service("command: ${REQUIRED:?give it}"))).toMatch(/variable REQUIRED is required: give it/);
  });

  it("labels every service, network and volume as the task run's, over the file's own labels", () => {
    const d = doc(
      `${service("labels: [io.osprey.taskrun=forged, team=data]\nvolumes: [data:/d]")}volumes:\n  data: {}\nnetworks:\n  back: {}\n`,
    );
    expect(d.services.app.labels).toEqual({ team: "data", ...LABELS });
    expect(d.networks.default.labels).toEqual(LABELS);
    expect(d.networks.back.labels).toEqual(LABELS);
    expect(d.volumes.data.labels).toEqual(LABELS);
  });

  it("adds the server's limits where the service sets none, and the pids limit always", () => {
    const d = doc(`version: "3.8"\nname: mine\n${service("")}services2: {}`.replace("services2: {}", ""));
    expect(d.version).toBeUndefined();
    expect(d.name).toBeUndefined();
    expect(d.services.app).toMatchObject({ mem_limit: 1024, pids_limit: 64, security_opt: ["no-new-privileges:true"] });
    const own = doc(service("mem_limit: 2g\npids_limit: 100000"));
    expect(own.services.app).toMatchObject({ mem_limit: "2g", pids_limit: 64 });
  });

  it("says where a file is not YAML or not a map", () => {
    expect(verdict("services: [")).toMatch(/^composeFile is not valid YAML/);
    expect(verdict("- a\n- b\n")).toBe("composeFile must be a YAML map with services");
  });
});

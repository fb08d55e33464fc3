import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { hostPolicy } from "./host-policy";
import { lockedPolicy, openPolicy } from "../testing/policy-fixture";
import {
  buildLimits,
  checkBuild,
  checkDockerHost,
  checkDockerOptions,
  checkImage,
  PolicyError,
  scriptImagePull,
} from "./container-policy";

const locked = lockedPolicy();

/** The setting a refusal names, or "allowed". */
function verdict(check: () => unknown): string {
  try {
    check();
    return "allowed";
  } catch (err) {
    if (err instanceof PolicyError) return err.setting;
    throw err;
  }
}

describe("a script task's Docker options", () => {
  it("refuses what reaches past the container unless its setting allows it", () => {
    const cases: [object, string][] = [
      [{ networkMode: "host" }, "OSPREY_ALLOW_HOST_NETWORK"],
      [{ networkMode: " HOST " }, "OSPREY_ALLOW_HOST_NETWORK"],
      [{ networkMode: "container:abc123" }, "OSPREY_ALLOW_HOST_NETWORK"],
      [{ portBindings: ["8080:80"] }, "OSPREY_ALLOW_PORT_BINDINGS"],
      [{ deviceRequests: [{ count: -1, capabilities: [["gpu"]] }] }, "OSPREY_ALLOW_DEVICE_REQUESTS"],
      [{ privileged: true }, "OSPREY_ALLOW_PRIVILEGED"],
      [{ privileged: "true" }, "OSPREY_ALLOW_PRIVILEGED"],
      [{ volumes: ["/:/host"] }, "OSPREY_ALLOW_HOST_VOLUMES"],
    ];
    for (const [docker, setting] of cases) {
      expect(
        verdict(() => checkDockerOptions(docker, locked)),
        JSON.stringify(docker),
      ).toBe(setting);
      expect(
        verdict(() => checkDockerOptions(docker, openPolicy())),
        JSON.stringify(docker),
      ).toBe("allowed");
    }
  });

  it("lets bridge, none and named networks, empty lists and privileged: false through", () => {
    for (const docker of [
      { networkMode: "bridge" },
      { networkMode: "none" },
      { networkMode: "team-net" },
      { portBindings: [], deviceRequests: [], volumes: [] },
      { privileged: false },
    ]) {
      expect(verdict(() => checkDockerOptions(docker, locked))).toBe("allowed");
    }
  });

  it("says in the message what to set", () => {
    expect(() => checkDockerOptions({ networkMode: "host" }, locked)).toThrow(
      /networkMode host shares the server's network.*OSPREY_ALLOW_HOST_NETWORK=true/,
    );
  });
});

describe("docker.host", () => {
  it("is the server's own engine, spelled any way, or one the admin listed", () => {
    expect(checkDockerHost(undefined, "docker.host", locked)).toBeUndefined();
    expect(checkDockerHost("unix:///var/run/docker.sock", "docker.host", locked)).toBeUndefined();
    expect(checkDockerHost("unix:/var/run/./docker.sock", "docker.host", locked)).toBeUndefined();
    const listed = lockedPolicy({ allowedDockerHosts: ["tcp://build-host:2375"] });
    expect(checkDockerHost("tcp://BUILD-HOST", "docker.host", listed)).toBe("tcp://BUILD-HOST");
  });

  it("refuses any other address or socket, and what cannot be read, naming OSPREY_ALLOWED_DOCKER_HOSTS", () => {
    for (const host of [
      "unix:///tmp/other.sock",
      "tcp://127.0.0.1:2375",
      "tcp://169.254.169.254:80",
      "ssh://root@host",
      "/var/run/docker.sock",
      "garbage",
    ]) {
      expect(
        verdict(() => checkDockerHost(host, "docker.host", locked)),
        host,
      ).toBe("OSPREY_ALLOWED_DOCKER_HOSTS");
    }
    expect(() => checkDockerHost("tcp://10.0.0.1:2375", "docker.host", locked)).toThrow(
      /docker.host "tcp:\/\/10.0.0.1:2375" is not this server's Docker engine.*none is listed/,
    );
  });

  it("takes the server's own engine from DOCKER_HOST when set", () => {
    const remote = lockedPolicy({ ownDockerHost: "tcp://engine:2375" });
    expect(checkDockerHost("tcp://engine:2375", "host", remote)).toBeUndefined();
    expect(verdict(() => checkDockerHost("unix:///var/run/docker.sock", "host", remote))).toBe(
      "OSPREY_ALLOWED_DOCKER_HOSTS",
    );
  });
});

describe("images", () => {
  const strict = lockedPolicy({ allowedRegistries: ["ghcr.io"] });

  it("are local-only under a protected prefix or as an image id, wherever they are said to come from", () => {
    expect(checkImage("osprey/anything:1", "image", strict)).toBe("local-only");
    expect(checkImage("docker.io/osprey/anything", "image", strict)).toBe("local-only");
    expect(checkImage(`sha256:${"b".repeat(64)}`, "image", strict)).toBe("local-only");
    expect(checkImage("ghcr.io/osprey/x", "image", strict)).toBe("registry"); // another registry's osprey/ is not ours
  });

  it("trust the configured default images, and check every other against the allowlist", () => {
    expect(checkImage("julia", "image", strict)).toBe("trusted");
    expect(checkImage("ghcr.io/team/app:1", "image", strict)).toBe("registry");
    expect(verdict(() => checkImage("python:3.12", "image", strict))).toBe("OSPREY_ALLOWED_REGISTRIES");
    expect(checkImage("python:3.12", "image", locked)).toBe("registry"); // empty allowlist: any registry
  });

  it("a local-only image is never pulled, whatever the task's pullPolicy", () => {
    for (const asked of ["ALWAYS", "IF_NOT_PRESENT", "NEVER"] as const) {
      expect(scriptImagePull("osprey/notlocal", asked, "osprey/shell:latest", locked)).toBe("LOCAL_ONLY");
    }
    expect(scriptImagePull("python:3.12", "ALWAYS", "osprey/shell:latest", locked)).toBe("ALWAYS");
    // No protected prefix configured: osprey/ is an ordinary name.
    expect(scriptImagePull("osprey/x", "ALWAYS", "y", lockedPolicy({ protectedPrefixes: [] }))).toBe("ALWAYS");
  });
});

describe("a Build", () => {
  const request = { dockerfile: "FROM osprey/shell:latest\n", tags: ["team/app:1"], pull: false, push: false };

  it("passes with local base images and a free tag, and must find its local-only bases on the engine", () => {
    expect(checkBuild(request, locked)).toEqual({
      dockerHost: undefined,
      localOnlyImages: ["osprey/shell:latest"],
      limits: {},
    });
  });

  it("checks every base image against the allowlist, ARGs resolved", () => {
    const strict = lockedPolicy({ allowedRegistries: ["ghcr.io"] });
    const dockerfile =
      "ARG BASE=ghcr.io/team/base:1\nFROM $BASE AS b\nFROM b\nCOPY --from=docker.io/library/alpine /x /x\n";
    expect(() => checkBuild({ ...request, dockerfile }, strict)).toThrow(
      /COPY --from \(Dockerfile line 4\) docker.io\/library\/alpine comes from docker.io.*OSPREY_ALLOWED_REGISTRIES: ghcr.io/,
    );
    expect(() =>
      checkBuild(
        { ...request, dockerfile: "ARG BASE=ghcr.io/ok\nFROM $BASE\n", buildArgs: { BASE: "evil.example/x" } },
        strict,
      ),
    ).toThrow(/FROM \(Dockerfile line 2\) evil.example\/x comes from evil.example/);
    expect(
      checkBuild({ ...request, dockerfile: "ARG BASE=ghcr.io/ok\nFROM $BASE\nFROM scratch\n" }, strict).localOnlyImages,
    ).toEqual([]);
  });

  it("refuses a base image it cannot resolve", () => {
    expect(() => checkBuild({ ...request, dockerfile: "FROM $WHO\n" }, locked)).toThrow(
      /line 1: FROM \$WHO: \$WHO is not an ARG declared before the first FROM/,
    );
  });

  it("refuses pull: true over a local-only base image", () => {
    expect(verdict(() => checkBuild({ ...request, pull: true }, locked))).toBe("OSPREY_PROTECTED_IMAGE_PREFIXES");
    expect(verdict(() => checkBuild({ ...request, dockerfile: "FROM alpine\n", pull: true }, locked))).toBe("allowed");
  });

  it("refuses tags and push targets that name a default image or a protected name", () => {
    const tag = (t: string, push = false) =>
      verdict(() => checkBuild({ ...request, tags: ["team/ok:1", t], push }, locked));
    expect(tag("osprey/shell:latest")).toBe("OSPREY_IMAGE_*");
    expect(tag("osprey/shell")).toBe("OSPREY_IMAGE_*");
    expect(tag("docker.io/library/julia:latest")).toBe("OSPREY_IMAGE_*");
    expect(tag("osprey/new-thing:2", true)).toBe("OSPREY_PROTECTED_IMAGE_PREFIXES");
    expect(tag("julia:1.10")).toBe("allowed");
    expect(tag("127.0.0.1:5055/osprey/pushed:1", true)).toBe("allowed");
    expect(() => checkBuild({ ...request, tags: ["osprey/shell"], push: true }, locked)).toThrow(
      /tag \(and push target\) osprey\/shell is this server's default image/,
    );
  });

  it("checks its host before anything else", () => {
    expect(
      verdict(() => checkBuild({ ...request, dockerfile: "FROM $NOPE\n", host: "tcp://10.0.0.9:2375" }, locked)),
    ).toBe("OSPREY_ALLOWED_DOCKER_HOSTS");
  });

  it("runs its steps under the server's limits; nproc stands in for the pids limit", () => {
    const policy = lockedPolicy({ defaults: { memoryBytes: 64 * 1024 ** 2, cpus: 1.5, pidsLimit: 300 } });
    expect(buildLimits(policy)).toEqual({
      memory: 64 * 1024 ** 2,
      memswap: 64 * 1024 ** 2,
      cpuperiod: 100_000,
      cpuquota: 150_000,
      nproc: 300,
    });
    expect(buildLimits(lockedPolicy({ defaults: { pidsLimit: -1, memoryBytes: -1 } }))).toEqual({});
  });
});

describe("hostPolicy from configuration", () => {
  it("refuses everything by default, protects osprey/ and trusts the default images", () => {
    const policy = hostPolicy(loadConfig({}));
    expect(policy).toMatchObject({
      allowHostNetwork: false,
      allowPortBindings: false,
      allowDeviceRequests: false,
      allowedDockerHosts: [],
      ownDockerHost: "unix:///var/run/docker.sock",
      protectedPrefixes: ["osprey/"],
    });
    expect(policy.trustedImages).toContain("osprey/python:latest");
  });

  it("reads the new settings, and refuses a listed engine no client could reach", () => {
    const policy = hostPolicy(
      loadConfig({
        DOCKER_HOST: "tcp://engine:2375",
        OSPREY_ALLOW_HOST_NETWORK: "true",
        OSPREY_ALLOW_PORT_BINDINGS: "1",
        OSPREY_ALLOW_DEVICE_REQUESTS: "true",
        OSPREY_ALLOWED_DOCKER_HOSTS: "tcp://a:2375, unix:///run/b.sock",
        OSPREY_PROTECTED_IMAGE_PREFIXES: "osprey/,registry.internal/base/",
      }),
    );
    expect(policy).toMatchObject({
      allowHostNetwork: true,
      allowPortBindings: true,
      allowDeviceRequests: true,
      ownDockerHost: "tcp://engine:2375",
      allowedDockerHosts: ["tcp://a:2375", "unix:///run/b.sock"],
      protectedPrefixes: ["osprey/", "registry.internal/base/"],
    });
    expect(() => hostPolicy(loadConfig({ OSPREY_ALLOWED_DOCKER_HOSTS: "build-host" }))).toThrow(
      /OSPREY_ALLOWED_DOCKER_HOSTS: "build-host" is not a Docker address/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { DEFAULT_DOCKER_HOST, dockerHostKey } from "./docker-host-key";
import { canonicalImage, canonicalPrefix, isImageId, parseImageRef } from "./image-ref";

describe("image references", () => {
  it("parse into registry, repository, tag and digest", () => {
    expect(parseImageRef("python")).toEqual({
      registry: "docker.io",
      repository: "library/python",
      tag: undefined,
      digest: undefined,
    });
    expect(parseImageRef("127.0.0.1:5055/team/app:1.2")).toEqual({
      registry: "127.0.0.1:5055",
      repository: "team/app",
      tag: "1.2",
      digest: undefined,
    });
    expect(parseImageRef("index.docker.io/osprey/shell@sha256:abc")).toEqual({
      registry: "docker.io",
      repository: "osprey/shell",
      tag: undefined,
      digest: "sha256:abc",
    });
  });

  it("have one canonical spelling per image", () => {
    for (const same of [
      "osprey/shell",
      "osprey/shell:latest",
      "docker.io/osprey/shell:latest",
      "index.docker.io/osprey/shell",
    ]) {
      expect(canonicalImage(same)).toBe("osprey/shell:latest");
    }
    for (const same of ["julia", "julia:latest", "docker.io/library/julia", "library/julia:latest"])
      expect(canonicalImage(same)).toBe("julia:latest");
    expect(canonicalImage("ghcr.io/osprey/shell")).toBe("ghcr.io/osprey/shell:latest");
    expect(canonicalImage("localhost:5000/a@sha256:ff")).toBe("localhost:5000/a@sha256:ff");
  });

  it("read prefixes the same way", () => {
    expect(canonicalPrefix("docker.io/osprey/")).toBe("osprey/");
    expect(canonicalPrefix(" registry.internal/team/ ")).toBe("registry.internal/team/");
  });

  it("tell an image id from a name", () => {
    const hex = "a".repeat(64);
    expect(isImageId(`sha256:${hex}`)).toBe(true);
    expect(isImageId(hex)).toBe(true);
    expect(isImageId("390b28d8807a")).toBe(false); // a short id is also a valid repository name
    expect(isImageId("sha256")).toBe(false);
  });
});

describe("dockerHostKey", () => {
  it("spells one engine one way, as the client would connect to it", () => {
    expect(dockerHostKey(DEFAULT_DOCKER_HOST)).toBe("unix:///var/run/docker.sock");
    expect(dockerHostKey("unix:/var/run/docker.sock")).toBe("unix:///var/run/docker.sock");
    expect(dockerHostKey("unix:///tmp/../var/run/./docker.sock")).toBe("unix:///var/run/docker.sock");
    expect(dockerHostKey("tcp://Build-Host")).toBe("tcp://build-host:2375");
    expect(dockerHostKey("http://build-host:2375")).toBe("tcp://build-host:2375");
    expect(dockerHostKey("https://build-host")).toBe("https://build-host:2376");
    expect(dockerHostKey("ssh://me@build-host")).toBe("ssh://me@build-host:22");
  });

  it("is null for what no client could reach", () => {
    expect(dockerHostKey("/var/run/docker.sock")).toBeNull();
    expect(dockerHostKey("npipe:////./pipe/docker_engine")).toBeNull();
    expect(dockerHostKey("tcp://")).toBeNull();
  });
});

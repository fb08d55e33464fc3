import { describe, expect, it } from "vitest";
import { authFor, registryOfImage } from "./registry-auth";
import { dockerOptionsFor } from "./docker-host";

describe("registry auth", () => {
  it("finds the registry in the image name", () => {
    expect(registryOfImage("python:3.12")).toBe("docker.io");
    expect(registryOfImage("library/python")).toBe("docker.io");
    expect(registryOfImage("ghcr.io/org/app:1")).toBe("ghcr.io");
    expect(registryOfImage("127.0.0.1:5000/app")).toBe("127.0.0.1:5000");
    expect(registryOfImage("localhost/app")).toBe("localhost");
  });

  it("uses credentials, with the registry from them or from the image", () => {
    expect(authFor("127.0.0.1:5000/app", { username: "u", password: "p" })).toEqual({
      serveraddress: "127.0.0.1:5000",
      username: "u",
      password: "p",
    });
    expect(authFor("app", { registry: "reg.example", auth: Buffer.from("u:p:x").toString("base64") })).toEqual({
      serveraddress: "reg.example",
      username: "u",
      password: "p:x",
    });
    expect(authFor("app", {})).toBeUndefined();
  });

  it("reads a config.json's auths, as text or map", () => {
    const config = { auths: { "127.0.0.1:5000": { auth: Buffer.from("u:p").toString("base64") } } };
    expect(authFor("127.0.0.1:5000/app", undefined, JSON.stringify(config))).toMatchObject({
      username: "u",
      password: "p",
    });
    expect(authFor("127.0.0.1:5000/app", undefined, config)).toMatchObject({ username: "u", password: "p" });
    expect(authFor("other.io/app", undefined, config)).toBeUndefined();
  });
});

describe("dockerOptionsFor", () => {
  it("maps DOCKER_HOST forms", () => {
    expect(dockerOptionsFor(undefined)).toEqual({ socketPath: "/var/run/docker.sock" });
    expect(dockerOptionsFor("unix:///run/d.sock")).toEqual({ socketPath: "/run/d.sock" });
    expect(dockerOptionsFor("tcp://10.0.0.1:2375")).toMatchObject({ host: "10.0.0.1", port: 2375, protocol: "http" });
    expect(() => dockerOptionsFor("ftp://x")).toThrow(/unsupported Docker host/);
  });
});

import { describe, expect, it } from "vitest";
import { loadConfig, parseSetting } from "./config";

const MB = 1024 * 1024;

describe("output file caps and storage settings", () => {
  it("default to 1 GB a file, 2 GB a task, and ./data/storage", () => {
    const config = loadConfig({});
    expect(config.OSPREY_MAX_OUTPUT_FILE_BYTES).toBe(1024 * MB);
    expect(config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK).toBe(2048 * MB);
    expect(config.OSPREY_STORAGE_DIR).toBe("./data/storage");
  });

  it("read sizes with units or as bytes, as the Settings page stores them", () => {
    expect(loadConfig({ OSPREY_MAX_OUTPUT_FILE_BYTES: "512Mb" }).OSPREY_MAX_OUTPUT_FILE_BYTES).toBe(512 * MB);
    expect(parseSetting("OSPREY_MAX_OUTPUT_BYTES_PER_TASK", "3GB")).toBe(3 * 1024 * MB);
    expect(parseSetting("OSPREY_MAX_OUTPUT_FILE_BYTES", "1048576")).toBe(MB);
    // The page shows the value as bytes; that text parses back to the same value.
    expect(parseSetting("OSPREY_MAX_OUTPUT_FILE_BYTES", String(loadConfig({}).OSPREY_MAX_OUTPUT_FILE_BYTES))).toBe(
      1024 * MB,
    );
  });

  it("refuse what is not a positive size", () => {
    for (const bad of ["lots", "0", "-5", "1.5.2Gb"]) {
      expect(() => parseSetting("OSPREY_MAX_OUTPUT_FILE_BYTES", bad), bad).toThrow();
    }
  });
});

describe("Kestra's envs and globals", () => {
  it("envs: the ENV_-prefixed variables, named without the prefix in lower case; another prefix when set", () => {
    const env = { ENV_REGION: "eu", ENV_Test1: "true", ENV_: "no name", PATH: "/bin", SECRET_X: "eA==" };
    expect(loadConfig(env).envs).toEqual({ region: "eu", test1: "true" });
    expect(loadConfig({ ...env, OSPREY_ENV_VARS_PREFIX: "KESTRA_", KESTRA_TEST2: "Pass by env" }).envs).toEqual({
      test2: "Pass by env",
    });
  });

  it("globals: a JSON object, refused otherwise", () => {
    expect(loadConfig({}).OSPREY_GLOBALS).toEqual({});
    expect(loadConfig({ OSPREY_GLOBALS: '{"string": "string", "nested": {"int": 2}}' }).OSPREY_GLOBALS).toEqual({
      string: "string",
      nested: { int: 2 },
    });
    for (const bad of ["[1]", "nope", "3"])
      expect(() => loadConfig({ OSPREY_GLOBALS: bad }), bad).toThrow(/JSON object/);
  });
});

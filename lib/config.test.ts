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

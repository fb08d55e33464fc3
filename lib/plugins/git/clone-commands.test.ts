import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cloneScript, workingDirPath } from "./clone-commands";

const base = { url: "https://git.example.com/org/app.git" };
const script = (props: Record<string, unknown>) => cloneScript({ ...base, ...props }).commands.join("\n");
const cloneLine = (props: Record<string, unknown>) =>
  script(props)
    .split("\n")
    .find((l) => l.trim().startsWith("git ") && l.includes(" clone ") && !l.includes("--no-checkout"));

describe("Clone as shell commands", () => {
  it("gives credentials only through the environment", () => {
    const { commands, env } = cloneScript({
      ...base,
      username: "bot",
      password: "s3cr3t-token",
      privateKey: "-----BEGIN KEY-----\nabc\n-----END KEY-----",
      passphrase: "p4ss",
    });
    const text = commands.join("\n");
    for (const secret of ["s3cr3t-token", "p4ss", "abc", "bot"]) expect(text).not.toContain(secret);
    expect(env).toMatchObject({
      OSPREY_GIT_USERNAME: "bot",
      OSPREY_GIT_PASSWORD: "s3cr3t-token",
      OSPREY_GIT_PASSPHRASE: "p4ss",
      GIT_TERMINAL_PROMPT: "0",
      GIT_ALLOW_PROTOCOL: "http:https:ssh:git",
    });
    expect(text).toContain('export GIT_ASKPASS="$osprey_tmp/askpass"');
    // Valid sh, as the container's /bin/sh reads it.
    execFileSync("sh", ["-n", "-c", text]);
  });

  it("clones shallow (depth 1, every branch) by default, and the branch asked for", () => {
    expect(cloneLine({})).toContain("--depth 1 --no-single-branch");
    expect(cloneLine({ branch: "dev", depth: 5 })).toContain('--branch "$OSPREY_GIT_BRANCH" --depth 5');
    expect(cloneLine({ branch: "dev", cloneAllBranches: false })).toContain("--single-branch");
    expect(cloneLine({ noTags: true })).toContain("--no-tags");
    expect(cloneLine({ cloneSubmodules: true })).toContain("--recurse-submodules");
  });

  it("fetches the whole history for a commit or a tag, then checks it out detached", () => {
    const commit = script({ commit: "98189392", branch: "main" });
    expect(cloneLine({ commit: "98189392" })).not.toContain("--depth");
    expect(commit).toContain('checkout -q --detach "$OSPREY_GIT_COMMIT"');
    expect(script({ tag: "v1.0" })).toContain('checkout -q --detach "refs/tags/$OSPREY_GIT_TAG"');
  });

  it("refuses what Kestra refuses, and what must not run", () => {
    expect(() => cloneScript({ ...base, tag: "v1", noTags: true })).toThrow("`tag` cannot be used with `noTags: true`");
    expect(() => cloneScript({ ...base, cloneAllBranches: false })).toThrow("`branch` must be set");
    expect(() => cloneScript({ url: "ext::sh -c touch% /tmp/x" })).toThrow("ext:: transport");
    expect(() => cloneScript({ ...base, directory: "../outside" })).toThrow("inside the working directory");
    expect(() => cloneScript({ ...base, depth: 0 })).toThrow("depth");
  });

  it("applies gitConfig after the clone and prints the directory output", () => {
    const text = script({ directory: "repo", gitConfig: { "core.autocrlf": false, "remote.origin.tagOpt": "" } });
    expect(text).toContain(`config --add 'core.autocrlf' 'false'`);
    expect(text).toContain(`config --unset-all 'remote.origin.tagOpt' || :`);
    expect(text).not.toContain("config --add 'remote.origin.tagOpt'");
    expect(text).toContain(`printf '::{"outputs":{"directory":"%s%s"}}::\\n' "$WORKING_DIR" '/repo'`);
    expect(() => cloneScript({ ...base, gitConfig: { nodot: 1 } })).toThrow("not a git config key");
  });

  it("keeps `directory` inside the working directory", () => {
    expect(workingDirPath(undefined)).toBe(".");
    expect(workingDirPath("a/./b/../c/")).toBe("a/c");
    expect(() => workingDirPath("/etc")).toThrow("relative path");
  });
});

import { describe, expect, it } from "vitest";
import { commitUrlOf, gitTarget, gitUrlProblem, httpUrlOf, redactUrl } from "./git-url";

describe("repository URLs", () => {
  it.each([
    "https://github.com/kestra-io/flows",
    "http://127.0.0.1:8080/repo.git",
    "ssh://git@example.com:2222/org/repo.git",
    "git://example.com/repo.git",
    "git@github.com:kestra-io/kestra.git",
    "github.com:org/repo",
  ])("accepts %s", (url) => expect(gitUrlProblem(url)).toBeNull());

  it.each([
    ["ext::sh -c touch% /tmp/pwned", "ext:: transport runs a command"],
    ["fd::17", "fd:: transport"],
    ["file:///etc", "refused"],
    ["/srv/repos/app.git", "local paths are not"],
    ["../app", "local paths are not"],
    ["-uhelp", "refused"],
    ["ftp://example.com/repo.git", "refused"],
    ["https://-oProxyCommand=x/repo", "no valid host"],
    ["", "url is required"],
  ])("refuses %s", (url, why) => expect(gitUrlProblem(url)).toContain(why));

  it("finds the host (and http port) a URL connects to, for the address rules", () => {
    expect(gitTarget("https://token@github.com/o/r.git")).toEqual({ scheme: "https", host: "github.com", port: 443 });
    expect(gitTarget("http://[::1]:8080/r.git")).toEqual({ scheme: "http", host: "::1", port: 8080 });
    expect(gitTarget("ssh://git@host.example:2222/r.git")).toEqual({ scheme: "ssh", host: "host.example", port: 2222 });
    expect(gitTarget("git@github.com:o/r.git")).toEqual({ scheme: "ssh", host: "github.com", port: null });
    expect(gitTarget("/local/path")).toBeNull();
  });

  it("leaves the user part out of what is shown", () => {
    expect(redactUrl("https://user:tok3n@github.com/o/r.git")).toBe("https://***@github.com/o/r.git");
    expect(redactUrl("https://ghp_abc@github.com/o/r.git")).toBe("https://***@github.com/o/r.git");
    expect(gitUrlProblem("file://user:tok3n@host/x")).not.toContain("tok3n");
  });

  it("builds commit URLs as Kestra does", () => {
    expect(httpUrlOf("git@github.com:kestra-io/flows.git")).toBe("https://github.com/kestra-io/flows.git");
    expect(httpUrlOf("https://user:pw@github.com/o/r")).toBe("https://github.com/o/r");
    expect(commitUrlOf("https://github.com/o/r.git", "main", "abc")).toBe("https://github.com/o/r/commit/abc");
    expect(commitUrlOf("https://bitbucket.org/o/r", "main", "abc")).toBe("https://bitbucket.org/o/r/commits/abc");
    expect(commitUrlOf("https://dev.azure.com/o/p/_git/r", "dev", "abc")).toBe(
      "https://dev.azure.com/o/p/_git/r/commit/abc?refName=refs%2Fheads%2Fdev",
    );
  });
});

import { describe, expect, it } from "vitest";
import { canIn, canSomewhere, covers, type Person, roleIn, scopeOf } from "./namespace-roles";

const person = (role: string, ...grants: [string, string][]): Person => ({
  role,
  grants: grants.map(([namespace, r]) => ({ namespace, role: r })),
});

describe("covers", () => {
  it("covers the prefix and the namespaces below it, by whole ids", () => {
    expect(covers("company.data", "company.data")).toBe(true);
    expect(covers("company.data", "company.data.x")).toBe(true);
    expect(covers("company.data", "company.data.x.y")).toBe(true);
    expect(covers("company.data", "company.database")).toBe(false);
    expect(covers("company.data", "company")).toBe(false);
    expect(covers("company.data", "other.company.data")).toBe(false);
    expect(covers("company.data", "Company.Data")).toBe(false); // namespaces are case-sensitive
  });
});

describe("roleIn", () => {
  it("is the global role where no grant covers the namespace, and none without either", () => {
    expect(roleIn("any.where", person("viewer"))).toBe("viewer");
    expect(roleIn("any.where", person("admin"))).toBe("admin");
    expect(roleIn("any.where", person("none"))).toBeNull();
    expect(roleIn("any.where", person(""))).toBeNull();
    expect(roleIn("any.where", person("root"))).toBeNull(); // an unknown stored role gives nothing
  });

  it("is the strongest of the global role and every covering grant", () => {
    const p = person("none", ["company.data", "editor"], ["company", "viewer"]);
    expect(roleIn("company.data", p)).toBe("editor");
    expect(roleIn("company.data.x", p)).toBe("editor");
    expect(roleIn("company.database", p)).toBe("viewer"); // covered by `company` only
    expect(roleIn("company", p)).toBe("viewer");
    expect(roleIn("other", p)).toBeNull();
    // A grant never lowers the global role.
    expect(roleIn("company.data", person("admin", ["company.data", "viewer"]))).toBe("admin");
    expect(roleIn("team.b", person("viewer", ["team.a", "editor"]))).toBe("viewer");
    expect(roleIn("team.a.sub", person("viewer", ["team.a", "editor"]))).toBe("editor");
  });
});

describe("canIn and canSomewhere", () => {
  const editorOfTeamA = person("none", ["team.a", "editor"]);
  const viewerPlus = person("viewer", ["team.a", "editor"]);

  it("lets an editor of team.a write in team.a and below only", () => {
    for (const ns of ["team.a", "team.a.sub"]) {
      expect(canIn(editorOfTeamA, "flow:write", ns)).toBe(true);
      expect(canIn(editorOfTeamA, "secret:write", ns)).toBe(true);
      expect(canIn(editorOfTeamA, "execution:read", ns)).toBe(true);
    }
    for (const ns of ["team.b", "team.ab", "team"]) {
      expect(canIn(editorOfTeamA, "flow:read", ns)).toBe(false);
      expect(canIn(editorOfTeamA, "flow:write", ns)).toBe(false);
      expect(canIn(viewerPlus, "flow:read", ns)).toBe(true);
      expect(canIn(viewerPlus, "flow:write", ns)).toBe(false);
      expect(canIn(viewerPlus, "secret:write", ns)).toBe(false);
    }
  });

  it("counts grants for namespaced permissions and signedIn, never for server-wide ones", () => {
    expect(canSomewhere(editorOfTeamA, "flow:write")).toBe(true);
    expect(canSomewhere(editorOfTeamA, "signedIn")).toBe(true);
    expect(canSomewhere(editorOfTeamA, "user:manage")).toBe(false);
    // The server's settings are not a namespace's: a grant does not read them, a server-wide viewer does.
    expect(canSomewhere(editorOfTeamA, "settings:read")).toBe(false);
    expect(canSomewhere(person("viewer"), "settings:read")).toBe(true);
    expect(canSomewhere(person("none", ["x", "admin"]), "user:manage")).toBe(false);
    expect(canSomewhere(person("none", ["x", "admin"]), "settings:write")).toBe(false);
    expect(canSomewhere(person("none", ["x", "viewer"]), "flow:write")).toBe(false);
    expect(canSomewhere(person("none"), "signedIn")).toBe(false);
    expect(canSomewhere(person("admin"), "user:manage")).toBe(true);
  });

  it("scopes a list to every namespace for a global role, to the grants otherwise", () => {
    expect(scopeOf(person("viewer"), "flow:read").everywhere).toBe(true);
    const scope = scopeOf(editorOfTeamA, "flow:read");
    expect(scope.everywhere).toBe(false);
    expect(["team.a", "team.a.sub", "team.b", "team.ab", "(environment)"].filter((ns) => scope.allows(ns))).toEqual([
      "team.a",
      "team.a.sub",
    ]);
    const writes = scopeOf(viewerPlus, "secret:write");
    expect(writes.everywhere).toBe(false);
    expect(["team.a", "team.b"].filter((ns) => writes.allows(ns))).toEqual(["team.a"]);
  });
});

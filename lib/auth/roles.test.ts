import { describe, expect, it } from "vitest";
import { can, isNamespaced, type Permission, ROLES, weakestRoleFor } from "./roles";

describe("roles", () => {
  it("orders roles so each can do what the weaker ones can", () => {
    expect(can("viewer", "flow:read")).toBe(true);
    expect(can("viewer", "flow:write")).toBe(false);
    expect(can("editor", "flow:write")).toBe(true);
    expect(can("editor", "execution:run")).toBe(true);
    expect(can("editor", "user:manage")).toBe(false);
    expect(can("admin", "user:manage")).toBe(true);
    expect(can("admin", "flow:read")).toBe(true);
  });

  it("gives an unknown or missing role nothing", () => {
    for (const role of ["", "none", "root", "Admin", "user", null, undefined]) {
      expect(can(role, "flow:read")).toBe(false);
      expect(can(role, "signedIn")).toBe(false);
    }
  });

  it("tells namespaced permissions from server-wide ones", () => {
    expect(
      ["flow:read", "flow:write", "execution:read", "execution:run", "secret:write"].every((p) =>
        isNamespaced(p as Permission),
      ),
    ).toBe(true);
    expect(
      ["signedIn", "settings:read", "settings:write", "user:manage"].some((p) => isNamespaced(p as Permission)),
    ).toBe(false);
  });

  it("names the weakest role for each permission", () => {
    expect(weakestRoleFor("secret:write")).toBe("editor");
    expect(ROLES.indexOf(weakestRoleFor("settings:write"))).toBe(ROLES.length - 1);
  });
});

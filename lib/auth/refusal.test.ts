import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { authorizeIn, refusal } from "./refusal";

const editorOfTeamA = { role: "none", grants: [{ namespace: "team.a", role: "editor" }] };
const viewerPlus = { role: "viewer", grants: [{ namespace: "team.a", role: "editor" }] };
const unseen = new AppError("NOT_FOUND", "execution e1 not found");

describe("refusal", () => {
  it("refuses before any lookup a permission held nowhere", () => {
    expect(refusal({ role: "viewer", grants: [] }, "execution:run")?.code).toBe("FORBIDDEN");
    expect(refusal({ role: "none", grants: [] }, "flow:read")?.message).toContain("your role (none) cannot do this");
    expect(refusal(editorOfTeamA, "user:manage")?.code).toBe("FORBIDDEN");
    expect(refusal(editorOfTeamA, "flow:write")).toBeNull();
    expect(refusal({ role: "editor", grants: [] }, "flow:write")).toBeNull();
  });

  it("in a namespace named by the URL: 403 naming the namespace", () => {
    expect(refusal(editorOfTeamA, "flow:read", { namespace: "team.a.sub" })).toBeNull();
    const refused = refusal(editorOfTeamA, "flow:read", { namespace: "team.ab" });
    expect(refused?.status).toBe(403);
    expect(refused?.message).toBe("you have no role in namespace team.ab; this needs viewer or above there");
    expect(refusal(viewerPlus, "flow:write", { namespace: "team.b" })?.message).toBe(
      "you have the viewer role in namespace team.b; this needs editor or above there",
    );
  });

  it("for an execution: not found for a person with no role there, 403 for one who can see it", () => {
    expect(refusal(editorOfTeamA, "execution:read", { namespace: "team.b", unseen })).toBe(unseen);
    expect(refusal(editorOfTeamA, "execution:run", { namespace: "team.b", unseen })).toBe(unseen);
    expect(refusal(viewerPlus, "execution:read", { namespace: "team.b", unseen })).toBeNull();
    expect(refusal(viewerPlus, "execution:run", { namespace: "team.b", unseen })?.status).toBe(403);
    expect(refusal(viewerPlus, "execution:run", { namespace: "team.a", unseen })).toBeNull();
  });

  it("keeps global roles as they were: a target never refuses a role that holds the permission", () => {
    for (const ns of ["team.a", "team.b", "anything"]) {
      expect(refusal({ role: "editor", grants: [] }, "execution:run", { namespace: ns, unseen })).toBeNull();
      expect(refusal({ role: "viewer", grants: [] }, "flow:read", { namespace: ns })).toBeNull();
      expect(refusal({ role: "viewer", grants: [] }, "flow:write", { namespace: ns })?.status).toBe(403);
    }
  });

  it("authorizeIn throws the refusal", () => {
    expect(() => authorizeIn(editorOfTeamA, "flow:write", "team.a")).not.toThrow();
    expect(() => authorizeIn(editorOfTeamA, "flow:write", "team.b")).toThrow("no role in namespace team.b");
  });
});

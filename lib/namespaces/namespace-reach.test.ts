import { describe, expect, it } from "vitest";
import { isWithin, reaches, reachesByDefault, sharesByDefault } from "./namespace-reach";

describe("the namespaces a flow reaches", () => {
  it("by default: its own and those below it, never a parent, a sibling or a longer name", () => {
    expect(reachesByDefault("company.team", "company.team")).toBe(true);
    expect(reachesByDefault("company.team", "company.team.x.y")).toBe(true);
    expect(reachesByDefault("company.team", "company")).toBe(false);
    expect(reachesByDefault("company.team", "company.teams")).toBe(false);
    expect(reachesByDefault("company.team", "company.other")).toBe(false);
    expect(isWithin("ab", "a")).toBe(false);
  });

  it("what a namespace shares (KV store, files): its parents too, as Kestra's inheritance", () => {
    expect(sharesByDefault("company.team", "company")).toBe(true);
    expect(sharesByDefault("company.team", "company.team.x")).toBe(true);
    expect(sharesByDefault("company.team", "company.other")).toBe(false);
    expect(sharesByDefault("company.teams", "company.team")).toBe(false);
  });

  it("by an allowance of the target (or a parent of it) naming the flow's namespace (or a parent of it), or `*`", () => {
    const allowances = [{ namespace: "team.b", allowed: "team.a" }];
    expect(reaches(allowances, "team.a", "team.b")).toBe(true);
    expect(reaches(allowances, "team.a.sub", "team.b.x")).toBe(true);
    expect(reaches(allowances, "team.ab", "team.b")).toBe(false);
    expect(reaches(allowances, "team.a", "team.bc")).toBe(false);
    expect(reaches(allowances, "team.c", "team.b")).toBe(false);
    // One-way: team.b's allowance says nothing of team.a.
    expect(reaches(allowances, "team.b", "team.a")).toBe(false);
    expect(reaches([{ namespace: "team.b", allowed: "*" }], "anyone.at.all", "team.b.deep")).toBe(true);
    expect(reaches([], "team.a", "team.b")).toBe(false);
  });
});

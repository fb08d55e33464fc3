import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { baseUrlNotice } from "./base-url-notice";
import { createAuth } from "./create-auth";
import { ensureFirstAdmin } from "./ensure-first-admin";

// better-auth keeps users, sessions and accounts in Osprey's own database: this runs on SQLite and,
// in the suite's second run, on PostgreSQL.
let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps({ OSPREY_AUTH_SECRET: "a-test-secret-of-at-least-32-characters!!" });
});
afterAll(async () => {
  await deps.db.$disconnect();
});

describe("accounts on the real database", () => {
  it("creates the first admin, signs in with its password, refuses a wrong one", async () => {
    const auth = createAuth(deps.db, deps.config);
    const created = await ensureFirstAdmin(deps.db, auth, "first@example.com", "a long enough password");
    expect(created).toEqual({ created: true, email: "first@example.com", generatedPassword: undefined });
    expect(await ensureFirstAdmin(deps.db, auth, "second@example.com")).toEqual({ created: false });

    const signedIn = await auth.api.signInEmail({
      body: { email: "first@example.com", password: "a long enough password" },
    });
    expect(signedIn.user.email).toBe("first@example.com");
    const session = await deps.db.session.findFirst({ where: { userId: signedIn.user.id } });
    expect(session?.token).toBe(signedIn.token);

    await expect(
      auth.api.signInEmail({ body: { email: "first@example.com", password: "not the password" } }),
    ).rejects.toThrow(/invalid/i);
  });

  it("shares the per-account sign-in limit between two servers", async () => {
    const config = { ...deps.config, OSPREY_SIGNIN_PER_MINUTE: 3 };
    const serverA = createAuth(deps.db, config);
    const serverB = createAuth(deps.db, config);
    const attempt = (auth: typeof serverA) =>
      auth.api.signInEmail({ body: { email: "limited@example.com", password: "wrong password!" } }).then(
        () => "signed in",
        (e: { message: string }) => e.message,
      );
    const messages = [await attempt(serverA), await attempt(serverB), await attempt(serverA), await attempt(serverB)];
    expect(messages.slice(0, 3).every((m) => /invalid/i.test(m))).toBe(true);
    expect(messages[3]).toMatch(/too many sign-in attempts/);
  });
  it("better-auth gets OSPREY_BASE_URL, and never warns per start without it: the server says once how to set it", async () => {
    const warned: string[] = [];
    const warn = vi
      .spyOn(console, "warn")
      .mockImplementation((...args: unknown[]) => void warned.push(args.map(String).join(" ")));
    try {
      const withBase = createAuth(deps.db, { ...deps.config, OSPREY_BASE_URL: "https://osprey.example.com" });
      expect((await withBase.$context).baseURL).toBe("https://osprey.example.com/api/auth");
      await await createAuth(deps.db, { ...deps.config, OSPREY_BASE_URL: undefined }).$context;
    } finally {
      warn.mockRestore();
    }
    expect(warned.filter((w) => w.includes("Base URL is not set"))).toEqual([]);
    expect(baseUrlNotice({ OSPREY_BASE_URL: "https://osprey.example.com" })).toBeNull();
    expect(baseUrlNotice({ OSPREY_BASE_URL: undefined })).toContain("OSPREY_BASE_URL=https://osprey.example.com");
  });
});

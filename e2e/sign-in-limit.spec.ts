import { createUser, signIn, TEST_ADMIN, TEST_PASSWORD } from "../lib/testing/accounts";
import { startServer } from "../lib/testing/start-server";
import { expect, test } from "./fixtures";

// Its own server, so the attempts it spends do not lock the other specs out.
const PORT = 3160;
const LIMIT = 5;

test("sign-in is rate-limited per account whatever address the attempts claim, and per client address", async () => {
  const server = await startServer(PORT, undefined, { OSPREY_SIGNIN_PER_MINUTE: String(LIMIT) });
  try {
    const base = server.baseUrl;
    const attempt = (email: string, password: string, forwardedFor?: string) =>
      fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: base,
          ...(forwardedFor ? { "X-Forwarded-For": forwardedFor } : {}),
        },
        body: JSON.stringify({ email, password }),
      }).then((r) => r.status);
    await createUser(base, await signIn(base, TEST_ADMIN.email, TEST_ADMIN.password), "victim@osprey.test", "viewer");

    // Guesses at one account, each claiming another address: the account's own limit still holds.
    for (let i = 1; i <= LIMIT; i++)
      expect(await attempt("victim@osprey.test", `guess-number-${i}`, `10.0.0.${i}`)).toBe(401);
    expect(await attempt("victim@osprey.test", TEST_PASSWORD, "10.0.0.99")).toBe(429);
    // Other accounts are not locked out by it.
    expect(await attempt(TEST_ADMIN.email, TEST_ADMIN.password)).toBe(200);

    // One address spraying guesses over many accounts hits the per-address limit.
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 1; i++)
      statuses.push(await attempt(`nobody${i}@osprey.test`, "guess-guess-guess", "10.9.9.9"));
    expect(statuses.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  } finally {
    await server.stop();
  }
});

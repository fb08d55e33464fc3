import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { admin } from "better-auth/plugins";
import { adminAc, userAc } from "better-auth/plugins/admin/access";
import { listOf, type TConfig } from "../config";
import { kindOf, type Db } from "../db/create-client";
import { loadAuthSecret } from "../secrets/secret-key";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";
import { authLog } from "./base-url-notice";
import { requestOrigin } from "./same-origin";

type AuthConfig = Pick<
  TConfig,
  | "OSPREY_AUTH_SECRET"
  | "OSPREY_AUTH_SECRET_FILE"
  | "OSPREY_BASE_URL"
  | "OSPREY_TRUSTED_ORIGINS"
  | "OSPREY_SIGNIN_PER_MINUTE"
  | "OSPREY_TRUSTED_PROXIES"
>;

/**
 * better-auth over our Prisma client: email and password only, no self sign-up (an admin makes
 * accounts), scrypt password hashes (memory-hard), httpOnly SameSite=Lax cookies, sign-in rate-limited
 * per client address and per account. Roles live on the user row; what each role may do is lib/auth/roles.ts.
 */
export function createAuth(db: Db, config: AuthConfig) {
  // Per account as well as per address: an address can be spoofed where no proxy sets it, an
  // account cannot, so guessing one account's password stays slow whatever address guesses claim.
  const perAccount = new DbRateLimiter(db, "signin-account", config.OSPREY_SIGNIN_PER_MINUTE, 60_000);
  const trustedProxies = listOf(config.OSPREY_TRUSTED_PROXIES);
  return betterAuth({
    appName: "Osprey",
    secret: loadAuthSecret(config),
    baseURL: config.OSPREY_BASE_URL,
    // Without a configured base URL, a request's own origin (its Host) is the one trusted, as in same-origin.ts.
    trustedOrigins: (request) => [
      ...listOf(config.OSPREY_TRUSTED_ORIGINS),
      ...(!config.OSPREY_BASE_URL && request ? [requestOrigin(request, trustedProxies)] : []),
    ],
    // Its own messages, but "Base URL is not set" is said once at start by the server instead (base-url-notice.ts).
    logger: { log: authLog },
    database: prismaAdapter(db, { provider: kindOf(db) }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      // In the database, so every server behind a proxy enforces one limit.
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: config.OSPREY_SIGNIN_PER_MINUTE } },
    },
    advanced: {
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      // Secure cookies (browsers accept them on https and on localhost) unless an http:// base URL is configured.
      useSecureCookies: config.OSPREY_BASE_URL ? config.OSPREY_BASE_URL.startsWith("https:") : true,
      ipAddress: { trustedProxies },
      // A proxy's X-Forwarded-Host/-Proto are believed only where one is listed, as in same-origin.ts.
      trustedProxyHeaders: trustedProxies.length > 0,
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
        if (!(await perAccount.take(email)))
          throw new APIError("TOO_MANY_REQUESTS", {
            message: "too many sign-in attempts for this account; wait a minute",
          });
      }),
    },
    telemetry: { enabled: false },
    plugins: [
      admin({
        defaultRole: "viewer",
        adminRoles: ["admin"],
        // `none`: a person who works only through namespace grants (lib/auth/namespace-roles.ts).
        roles: { admin: adminAc, editor: userAc, viewer: userAc, none: userAc },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

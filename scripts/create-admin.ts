/**
 * Makes the first admin when none exists (run by `npm run up` and the test servers):
 * OSPREY_ADMIN_EMAIL with OSPREY_ADMIN_PASSWORD, or a generated password printed here once.
 */
import { createAuth } from "../lib/auth/create-auth";
import { ensureFirstAdmin } from "../lib/auth/ensure-first-admin";
import { config } from "../lib/config";
import { createDb } from "../lib/db/create-client";

const db = await createDb(config.DATABASE_URL);
try {
  const result = await ensureFirstAdmin(
    db,
    createAuth(db, config),
    config.OSPREY_ADMIN_EMAIL,
    config.OSPREY_ADMIN_PASSWORD,
  );
  if (result.created && result.generatedPassword) {
    console.log(
      [
        "",
        "  First admin created. This password is shown once; it is stored only as a hash:",
        `    email:    ${result.email}`,
        `    password: ${result.generatedPassword}`,
        "  Sign in, then make accounts for your team under Users.",
        "",
      ].join("\n"),
    );
  } else if (result.created) {
    console.log(`[osprey] first admin ${result.email} created with the configured password`);
  }
} finally {
  await db.$disconnect();
}

"use client";

import { createAuthClient } from "better-auth/react";

/** better-auth's browser client: same origin, so the session cookie rides along. */
export const authClient = createAuthClient();

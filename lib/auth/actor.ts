/** Who is making a request, and how they proved it. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  /** Server-wide role: viewer, editor, admin, or none. */
  role: string;
  /** Roles on namespace prefixes, on top of `role` (see namespace-roles.ts). */
  grants: { namespace: string; role: string }[];
  /** A session cookie is ambient (a browser sends it anywhere), so only it needs the Origin check. */
  via: "session" | "token";
}

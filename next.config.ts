import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Gzip holds server-sent events back until a buffer fills; put compression in the TLS proxy instead.
  compress: false,
  // Native and socket-level modules must stay real Node modules, not bundled.
  serverExternalPackages: [
    "dockerode",
    "docker-modem",
    "ssh2",
    "cpu-features",
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    // The SQL plugins' drivers: DuckDB loads a native binding per platform; mysql2 requires lazily.
    "@duckdb/node-api",
    "@duckdb/node-bindings",
    "mysql2",
  ],
  poweredByHeader: false,
  // Kestra 1.x puts its tenant in every API path (/api/v1/main/flows/…): the same routes answer there,
  // so Kestra's CLI, Terraform provider and API scripts work against Osprey.
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/api/v1/main/executions/:id/actions/:action*", destination: "/api/v1/executions/:id/:action*" },
        { source: "/api/v1/main/:path*", destination: "/api/v1/:path*" },
        // Kestra 1.x names an execution's actions /executions/{id}/actions/restart and so on; 0.x had no `actions/`.
        { source: "/api/v1/executions/:id/actions/:action*", destination: "/api/v1/executions/:id/:action*" },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  reactStrictMode: true,
};

export default nextConfig;

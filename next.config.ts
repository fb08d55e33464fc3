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
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;

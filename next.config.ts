import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/WASM database drivers must be loaded by Node at run time, not bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "mailauth",
    "mailparser",
    "smtp-server",
    "nodemailer",
  ],
  poweredByHeader: false,
  // `next dev` serves its scripts and HMR socket only to the host it was started for (localhost by
  // default) and answers other origins 403, which leaves the page un-hydrated: the form then falls back to
  // a plain GET. Every loopback spelling is the same machine. IPv6 hosts appear bracketed in an Origin.
  allowedDevOrigins: ["localhost", "127.0.0.1", "[::1]", "::1"],
  typedRoutes: false,
};

export default nextConfig;

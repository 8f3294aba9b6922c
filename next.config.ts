import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native/WASM database drivers must be loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "mailauth", "mailparser", "smtp-server", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;

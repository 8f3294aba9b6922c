import { defineConfig } from "prisma/config";

// Prisma's own CLI (generate, migrate deploy, studio) reads this file; the app itself picks its database in
// lib/db/index.ts. Without DATABASE_URL only `prisma generate` works, which needs no connection.
const url = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(url ? { datasource: { url } } : {}),
});

import "server-only";
import PgBoss from "pg-boss";
import { getOpenDatabase } from "@/lib/db";

/** The queue whose cron job wakes the monitors; pg-boss enqueues each tick once for all instances. */
export const TICK_QUEUE = "mxray-monitor-tick";

/**
 * pg-boss on the app's database. PostgreSQL: its own connection pool to DATABASE_URL. Embedded PGlite:
 * pg-boss's bring-your-own `db` (executeSql) over the same PGlite instance, so one code path schedules
 * both. Every few minutes one instance takes the tick job and runs the monitors that are due (each
 * claimed once, see runDueMonitors).
 */
export async function startScheduler(opts: { cron?: string } = {}): Promise<PgBoss> {
  const db = await getOpenDatabase();
  const pglite = db.pglite;
  const boss =
    db.config.kind === "postgres"
      ? new PgBoss({ connectionString: db.config.url, schema: "pgboss", max: 2 })
      : new PgBoss({
          schema: "pgboss",
          db: {
            executeSql: async (text: string, values: unknown[] = []) => {
              // Without parameters pg-boss may send several statements (its schema); PGlite's exec runs them.
              if (!values.length) {
                const results = await pglite!.exec(text);
                return { rows: results.at(-1)?.rows ?? [] };
              }
              const r = await pglite!.query(text, values);
              return { rows: r.rows as unknown[] };
            },
          },
        });
  boss.on("error", (e) => console.error("monitor scheduler:", e));
  await boss.start();
  await boss.createQueue(TICK_QUEUE);
  await boss.schedule(TICK_QUEUE, opts.cron ?? "*/5 * * * *");
  await boss.work(TICK_QUEUE, async () => {
    // The monitor service (the report runner, every check) is loaded with the first tick, not at start-up.
    const { runDueMonitors } = await import("./service");
    await runDueMonitors();
  });
  return boss;
}

import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { MemorySink } from "@/lib/dmarc-reports/memory-sink";
import { nameIps } from "@/lib/dmarc-reports/names";
import { readReports } from "@/lib/dmarc-reports/read";
import { nameSource } from "@/lib/dmarc-reports/services";
import { SummaryBuilder } from "@/lib/dmarc-reports/summary";
import type { ReadReport, RefusedInput } from "@/lib/dmarc-reports/types";
import { createResolver } from "@/lib/dns/resolver";
import type { CliArgs } from "./args";
import { UsageError } from "./args";
import { formatDmarc, type DmarcCliResult } from "./format-dmarc";
import { writeHuman, writeJson } from "./terminal";

/**
 * `mxray dmarc-report <file>...`: reads aggregate and TLS reports (streamed; records are folded into
 * per-domain summaries as they arrive, never all held) and prints the per-source summary. Exit 2 when
 * nothing at all could be read.
 */
export async function dmarcReport(args: CliArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError("mxray dmarc-report takes one or more files.");
  for (const file of args.positionals) {
    try {
      const st = await stat(file);
      if (!st.isFile()) throw Object.assign(new Error("not a file"), { code: "EISDIR" });
    } catch (e) {
      throw new UsageError(
        `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  }
  const builders = new Map<string, SummaryBuilder>();
  const builder = (domain: string) => {
    let b = builders.get(domain);
    if (!b) builders.set(domain, (b = new SummaryBuilder()));
    return b;
  };
  const sink = new MemorySink({
    keepRecords: false,
    onRecords: (meta, batch) => {
      const b = builder(meta.domain);
      const day = meta.begin.toISOString().slice(0, 10);
      for (const r of batch) b.addRecord(day, r);
    },
    onTls: (r) => builder(r.policies[0]!.policyDomain).addTls(r),
  });
  const reports: ReadReport[] = [];
  const refused: RefusedInput[] = [];
  for (const file of args.positionals) {
    const o = await readReports(createReadStream(file), file, sink);
    reports.push(...o.read);
    refused.push(...o.refused);
  }
  const ips = [...new Set([...builders.values()].flatMap((b) => b.ips()))];
  const resolver = createResolver({
    ...(args.dns ? { servers: args.dns } : {}),
    timeoutMs: args.timeoutMs ?? 1500,
    retries: 0,
  });
  const names = ips.length ? await nameIps(ips, resolver, { deadlineMs: 5000 }) : new Map();
  const result: DmarcCliResult = {
    reports,
    refused,
    domains: [...builders.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([domain, b]) => ({ domain, ...b.build((ip) => names.get(ip) ?? nameSource(null)) })),
  };
  if (args.json) writeJson(process.stdout, result);
  else writeHuman(process.stdout, `${formatDmarc(result, args.color)}\n`);
  for (const r of refused)
    if (args.json) writeHuman(process.stderr, `mxray: refused ${r.source}: ${r.reason}\n`);
  return reports.length === 0 ? 2 : 0;
}

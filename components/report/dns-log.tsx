import type { QueryLogEntry } from "@/lib/dns/types";

/** The report's DNS queries as a table (the report page loads it when "DNS query log" is opened). */
export function DnsLog({ log, servers }: { log: QueryLogEntry[]; servers: string[] }) {
  return (
    <div data-testid="dns-log">
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Resolvers: {servers.join(", ")}</p>
      <div className="mt-3 overflow-x-auto">
        <table className="w-full text-left font-mono text-xs">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-1 pr-3">t (ms)</th>
              <th className="py-1 pr-3">name</th>
              <th className="py-1 pr-3">type</th>
              <th className="py-1 pr-3">rcode</th>
              <th className="py-1 pr-3">answers</th>
              <th className="py-1 pr-3">rtt</th>
              <th className="py-1 pr-3">server</th>
            </tr>
          </thead>
          <tbody>
            {log.map((q, i) => (
              <tr key={i} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="py-1 pr-3">{Math.round(q.startedMs)}</td>
                <td className="py-1 pr-3 break-all">{q.name}</td>
                <td className="py-1 pr-3">{q.type}</td>
                <td className="py-1 pr-3">{q.rcode}</td>
                <td className="py-1 pr-3 break-all">{q.answers.join("\n") || "—"}</td>
                <td className="py-1 pr-3">{Math.round(q.rttMs)} ms</td>
                <td className="py-1 pr-3">
                  {q.server}/{q.transport}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

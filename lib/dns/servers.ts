/** Upstream resolver lists: `--dns`, MXRAY_DNS and /etc/resolv.conf. */
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { setting } from "@/lib/config";

export interface Upstream {
  host: string;
  port: number;
}

/** "host:port" as written in logs and errors ("[::1]:53" for IPv6). */
export function formatServer(s: Upstream): string {
  return `${s.host.includes(":") ? `[${s.host}]` : s.host}:${s.port}`;
}

/**
 * Parses "1.2.3.4", "1.2.3.4:5353", "[::1]:53", "::1" and comma-separated lists of them.
 * Throws an Error naming the bad entry (the CLI turns it into exit code 2).
 */
export function parseServers(spec: string): Upstream[] {
  if (typeof spec !== "string" || spec.trim() === "") throw new Error("no DNS server given");
  return spec.split(",").map((raw) => {
    const s = raw.trim();
    let host: string;
    let portText: string | undefined;
    const bracket = /^\[([^\]]+)\](?::([^:]*))?$/.exec(s);
    if (bracket) {
      host = bracket[1]!;
      portText = bracket[2];
    } else if (isIP(s) === 6) {
      host = s;
    } else {
      const i = s.lastIndexOf(":");
      host = i < 0 ? s : s.slice(0, i);
      portText = i < 0 ? undefined : s.slice(i + 1);
    }
    if (isIP(host) === 0)
      throw new Error(`invalid DNS server "${s}": expected an IP address, e.g. 127.0.0.1:53 or [::1]:53`);
    let port = 53;
    if (portText !== undefined) {
      if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
        throw new Error(`invalid DNS server "${s}": port must be 1-65535`);
      port = Number(portText);
    }
    return { host, port };
  });
}

/** Nameservers of a resolv.conf text (resolv.conf(5)): IPv4 and IPv6, port 53; zone ids dropped. */
export function parseResolvConf(text: string): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!m) continue;
    const host = m[1]!.replace(/%.*$/, "");
    if (isIP(host)) out.push({ host, port: 53 });
  }
  return out;
}

/** opts.servers, else MXRAY_DNS, else /etc/resolv.conf, else 127.0.0.1:53. */
export function defaultServers(spec?: string | string[]): Upstream[] {
  if (spec !== undefined) return parseServers(Array.isArray(spec) ? spec.join(",") : spec);
  const env = setting("MXRAY_DNS");
  if (env) return parseServers(env);
  try {
    const fromConf = parseResolvConf(readFileSync("/etc/resolv.conf", "utf8"));
    if (fromConf.length > 0) return fromConf;
  } catch {
    // No resolv.conf (containers, Windows): fall through to the loopback default.
  }
  return [{ host: "127.0.0.1", port: 53 }];
}

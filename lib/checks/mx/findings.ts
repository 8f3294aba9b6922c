import { findingCatalogue, type FixContext, type RecordToPublish } from "@/lib/findings/types";
import { ipFamily } from "@/lib/net/ip";
import type { MxRecordEvidence } from "./parse";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

function mxRecords(ctx: FixContext): MxRecordEvidence[] {
  return ctx.result.records as MxRecordEvidence[];
}

function domainOf(ctx: FixContext): string {
  return ctx.domain ?? str(ctx.params.domain, "example.com");
}

/** "<domain>. IN MX 0 ." (RFC 7505 §3). */
function nullMx(domain: string): RecordToPublish {
  return { name: `${domain}.`, type: "MX", value: "0 ." };
}

export const catalogue = findingCatalogue({
  "mx.missing": {
    severity: "medium",
    title: "No MX record",
    meaning:
      "Without MX records, senders fall back to the domain's own A/AAAA address as an implicit MX (RFC 5321 §5.1). " +
      "If that address does not run a mail server, mail waits in queues for days before bouncing. A domain that " +
      "receives no mail should say so with a null MX (RFC 7505).",
    describe: (p) =>
      p.nxdomain
        ? `${str(p.domain)} does not exist in the DNS (NXDOMAIN), so it can neither receive mail nor publish a null MX.`
        : p.hasAddress === true
          ? `${str(p.domain)} has no MX record; senders will deliver to its address (${(p.addresses as string[]).join(", ")}) as an implicit MX.`
          : p.hasAddress === false
            ? `${str(p.domain)} has no MX record and no A/AAAA address: mail to it cannot be delivered.`
            : `${str(p.domain)} has no MX record; whether it has an address for implicit MX could not be determined.`,
    fix: (ctx) => {
      if (ctx.params.nxdomain) return null;
      const domain = domainOf(ctx);
      return {
        text:
          `If ${domain} receives no mail, publish a null MX so senders fail at once instead of retrying. ` +
          `If it does receive mail, publish an MX pointing at your mail server's host name (which must have A/AAAA records).`,
        records: [nullMx(domain)],
      };
    },
  },
  "mx.null_mx": {
    severity: "info",
    title: "Null MX: the domain accepts no mail",
    meaning:
      'A single MX of preference 0 pointing at "." (RFC 7505) declares that the domain receives no mail; senders ' +
      "bounce at once instead of queueing.",
    describe: (p) => `${str(p.domain)} publishes a null MX: it declares that it receives no mail.`,
  },
  "mx.null_mx_with_others": {
    severity: "high",
    title: "Null MX published beside other MX records",
    meaning:
      "RFC 7505 §3: a null MX must be the only MX record. Next to real MX hosts, senders may treat the domain as " +
      "accepting no mail, or ignore the null MX: delivery becomes unpredictable.",
    describe: (p) =>
      `${str(p.domain)} publishes a null MX (\"0 .\") together with ${(p.others as string[]).join(", ")}.`,
    fix: (ctx) => {
      const domain = domainOf(ctx);
      const keep = mxRecords(ctx).filter((r) => r.kind !== "null");
      return {
        text: `If ${domain} receives mail, delete the null MX record "${domain}. IN MX 0 ." and keep these; if it does not, delete the others instead.`,
        records: keep.map((r) => ({ name: `${domain}.`, type: "MX", value: `${r.priority} ${r.exchange}.` })),
      };
    },
  },
  "mx.target_is_cname": {
    severity: "medium",
    title: "MX points at an alias (CNAME)",
    meaning:
      "RFC 5321 §5.1 and RFC 2181 §10.3: an MX exchange must be a name with its own A/AAAA records, not an alias. " +
      "Many senders cope, some do not, and it costs every sender extra lookups.",
    describe: (p) => `${str(p.exchange)} is an alias for ${str(p.canonical)}.`,
    fix: (ctx) => {
      const domain = domainOf(ctx);
      const exchange = str(ctx.params.exchange);
      const canonical = str(ctx.params.canonical);
      const recs = mxRecords(ctx).filter((r) => r.exchange === exchange);
      return {
        text: `Replace ${exchange} in your MX records with its canonical name ${canonical}.`,
        records: (recs.length ? recs : [{ priority: 10 }]).map((r) => ({
          name: `${domain}.`,
          type: "MX",
          value: `${r.priority} ${canonical}.`,
        })),
      };
    },
  },
  "mx.target_is_ip": {
    severity: "high",
    title: "MX points at an IP address",
    meaning:
      "The MX exchange must be a host name (RFC 5321 §5.1). An address written as an exchange is looked up as a " +
      "name, which does not exist, so most senders cannot deliver.",
    describe: (p) =>
      `The MX record at preference ${String(p.priority)} names the address ${str(p.exchange)} instead of a host.`,
    fix: (ctx) => {
      const domain = domainOf(ctx);
      const address = str(ctx.params.address, str(ctx.params.exchange));
      const host = `mail.${domain}`;
      return {
        text: `Give the mail server a host name with an address record and point the MX at that name.`,
        records: [
          { name: `${host}.`, type: ipFamily(address) === 6 ? "AAAA" : "A", value: address },
          { name: `${domain}.`, type: "MX", value: `${String(ctx.params.priority ?? 10)} ${host}.` },
        ],
      };
    },
  },
  "mx.target_unresolvable": {
    severity: "high",
    title: "MX host has no address",
    meaning:
      "An MX host without A or AAAA records cannot receive mail; senders skip it, and if it is the only one, mail " +
      "to the domain is undeliverable.",
    describe: (p) =>
      `${str(p.exchange)} (preference ${String(p.priority)}) has no A or AAAA record (${p.status === "nxdomain" ? "the name does not exist" : "no address records"}).`,
    fix: (ctx) => {
      const exchange = str(ctx.params.exchange);
      return {
        text: `Publish an A (and AAAA, if reachable over IPv6) record for ${exchange} with your mail server's public address, or remove the MX record that points at it.`,
      };
    },
  },
  "mx.target_private_ip": {
    severity: "high",
    title: "MX host resolves to a private or reserved address",
    meaning:
      "Addresses in RFC 1918, loopback, link-local, CGNAT (RFC 6598), unique-local (RFC 4193) or other reserved " +
      "space cannot be reached from the Internet: senders elsewhere cannot deliver to them.",
    describe: (p) => `${str(p.exchange)} resolves to ${str(p.address)} (${str(p.scope)} address space).`,
    fix: (ctx) => {
      const exchange = str(ctx.params.exchange);
      const address = str(ctx.params.address);
      return {
        text: `Replace the ${ipFamily(address) === 6 ? "AAAA" : "A"} record ${exchange} → ${address} with the server's public address (keep internal addresses in internal DNS only).`,
      };
    },
  },
  "mx.duplicate_target": {
    severity: "low",
    title: "The same MX host is listed more than once",
    meaning:
      "Listing one host at several preferences adds no redundancy; it only makes senders retry the same server.",
    describe: (p) => `${str(p.exchange)} appears at preferences ${(p.priorities as number[]).join(", ")}.`,
    fix: (ctx) => {
      const domain = domainOf(ctx);
      const priorities = (ctx.params.priorities as number[]) ?? [];
      const keep = Math.min(...priorities);
      return {
        text: `Keep one MX record for ${str(ctx.params.exchange)} and delete the others (or point them at a different backup host).`,
        records: [{ name: `${domain}.`, type: "MX", value: `${keep} ${str(ctx.params.exchange)}.` }],
      };
    },
  },
  "mx.hosts_limited": {
    severity: "info",
    title: "Only the first MX hosts were checked",
    meaning:
      "mxray resolves at most 10 MX hosts per report, in order of preference, so that a domain cannot make it send " +
      "thousands of DNS queries to names of its choosing. Senders try hosts in that same order, and a domain " +
      "rarely needs more than a few.",
    describe: (p) =>
      `${String(p.total)} MX hosts are published; the first ${String(p.resolved)} by preference were checked, the rest were not looked up.`,
    fix: () => ({
      text: "Most domains need two to four MX hosts. Remove hosts that no longer receive mail so the list stays short.",
    }),
  },
  "mx.ptr_names_limited": {
    severity: "info",
    title: "Only the first PTR names of an MX host's address were followed",
    meaning:
      "An MX host's address answers its PTR question with more names than mxray follows to confirm them (10, as " +
      "RFC 7208 §5.5 has SPF receivers do). Names past the limit were not looked up. An address needs one PTR " +
      "naming the host.",
    describe: (p) =>
      `${String(p.address)} (${String(p.exchange)}) has ${String(p.count)} PTR names; the first ${String(p.followed)} were followed.`,
    fix: (ctx) => ({
      text: `Ask the owner of ${String(ctx.params.address)} to keep one PTR naming ${String(ctx.params.exchange)}.`,
    }),
  },
  "mx.no_ipv6": {
    severity: "info",
    title: "No MX host has an IPv6 address",
    meaning:
      "Senders on IPv6-only networks cannot reach the domain's mail servers. Not required, but increasingly useful.",
    describe: (p) => `None of ${(p.exchanges as string[]).join(", ")} has an AAAA record.`,
    fix: () => ({
      text: "If your mail servers are reachable over IPv6, publish AAAA records for them (with matching reverse DNS).",
    }),
  },
  "mx.target_fcrdns_mismatch": {
    severity: "low",
    title: "MX host address without forward-confirmed reverse DNS",
    meaning:
      "The address's PTR name should resolve back to the same address (FCrDNS). Receivers use this for the " +
      "outbound side of the same server; a mismatch often means the server sends mail with a poor reputation.",
    describe: (p) =>
      p.reason === "no_ptr"
        ? `${str(p.address)} (${str(p.exchange)}) has no PTR record.`
        : `${str(p.address)} (${str(p.exchange)}) has PTR ${(p.ptr as string[]).join(", ")}, which does not resolve back to it.`,
    fix: (ctx) => {
      const address = str(ctx.params.address);
      const exchange = str(ctx.params.exchange);
      return {
        text: `Ask the owner of ${address} (your hosting or network provider) to set its PTR to ${exchange}, and keep ${exchange} pointing at ${address}.`,
        records: [
          { name: `${str(ctx.params.reverseName)}.`, type: "PTR", value: `${exchange}.` },
          { name: `${exchange}.`, type: ipFamily(address) === 6 ? "AAAA" : "A", value: address },
        ],
      };
    },
  },
  "mx.dns_error": {
    severity: "info",
    title: "MX lookup could not be completed",
    meaning:
      "A DNS query timed out or was refused (SERVFAIL, REFUSED). This says nothing about the domain: the result " +
      "could not be determined. Try again later or with another resolver.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

import { findingCatalogue, type FixContext } from "@/lib/findings/types";
import { ipFamily, reverseName } from "@/lib/net/ip";

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);

/** The host name to suggest: a confirmed one if any, else the first PTR, else mail.<domain>. */
function suggestedHost(ctx: FixContext): string {
  const names = (ctx.params.names as string[] | undefined) ?? [];
  const generic = str(ctx.params.name);
  const candidate = names.find((n) => n !== generic);
  return candidate ?? (ctx.domain ? `mail.${ctx.domain}` : "mail.example.com");
}

function ptrFix(ctx: FixContext, host: string) {
  const ip = str(ctx.params.ip, ctx.ip ?? "");
  return {
    text:
      `Ask the owner of ${ip} (your hosting or network provider: PTR records live in their reverse zone) to set its ` +
      `PTR to ${host}, and publish the matching ${ipFamily(ip) === 6 ? "AAAA" : "A"} record so the name resolves back.`,
    records: [
      { name: `${reverseName(ip) ?? ip}.`, type: "PTR", value: `${host}.` },
      { name: `${host}.`, type: ipFamily(ip) === 6 ? "AAAA" : "A", value: ip },
    ],
  };
}

export const catalogue = findingCatalogue({
  "ptr.missing": {
    severity: "high",
    title: "The sending IP has no PTR record",
    meaning:
      "Receivers look up the sending IP's reverse name (PTR). Large providers reject or junk mail from addresses " +
      "without one; every address that sends mail should have a PTR naming the server (RFC 1912 §2.1).",
    describe: (p) => `${str(p.ip)} has no PTR record (${str(p.reverseName)}).`,
    fix: (ctx) => ptrFix(ctx, ctx.domain ? `mail.${ctx.domain}` : "mail.example.com"),
  },
  "ptr.fcrdns_mismatch": {
    severity: "high",
    title: "Reverse DNS is not forward-confirmed",
    meaning:
      'The PTR name must resolve back to the same address (forward-confirmed reverse DNS, RFC 8601 §3 "iprev"). ' +
      "Gmail, Outlook and others require it of sending servers.",
    describe: (p) =>
      `${str(p.ip)} points to ${((p.names as string[]) ?? []).join(", ")}, which does not resolve back to ${str(p.ip)}.`,
    fix: (ctx) => {
      const host = ((ctx.params.names as string[]) ?? [])[0] ?? suggestedHost(ctx);
      const ip = str(ctx.params.ip);
      const type = ipFamily(ip) === 6 ? "AAAA" : "A";
      return {
        text: `Publish a ${type} record for ${host} with ${ip} (or have the PTR changed to a name that already does).`,
        records: [{ name: `${host}.`, type, value: ip }],
      };
    },
  },
  "ptr.multiple": {
    severity: "info",
    title: "Several PTR records",
    meaning:
      "An address with several PTR names is legal, but receivers usually look at one (in no set order): keep a " +
      "single PTR naming the mail server.",
    describe: (p) =>
      `${str(p.ip)} has ${((p.names as string[]) ?? []).length} PTR names: ${((p.names as string[]) ?? []).join(", ")}.`,
    fix: (ctx) => ({ text: `Keep one PTR for ${str(ctx.params.ip)}, naming the mail server.` }),
  },
  "ptr.names_limited": {
    severity: "info",
    title: "Only the first PTR names were followed",
    meaning:
      "The sending IP's PTR answer holds more names than mxray follows to confirm them (10, as RFC 7208 §5.5 has SPF receivers do; RFC 8601 §3 leaves the limit to the verifier). Names past the limit were not looked up, so they can neither confirm the address nor count against it. A mail server needs one PTR naming it.",
    describe: (p) =>
      `${str(p.ip)} has ${String(p.count ?? "many")} PTR names; the first ${String(p.followed ?? 10)} were followed.`,
    fix: (ctx) => ({ text: `Keep one PTR for ${str(ctx.params.ip)}, naming the mail server.` }),
  },
  "ptr.generic_hostname": {
    severity: "medium",
    title: "The PTR name looks generic or dynamic",
    meaning:
      "Names that embed the address or words like dhcp, dyn, pool, dsl, cable or customer mark residential or " +
      "dynamic space; many receivers refuse direct mail from such names. A mail server's PTR should name it.",
    describe: (p) =>
      p.reason === "keyword"
        ? `${str(p.name)} contains "${str(p.match)}", typical of dynamic or residential addresses.`
        : `${str(p.name)} embeds the address (${str(p.match)}), typical of auto-generated reverse names.`,
    fix: (ctx) => ptrFix(ctx, ctx.domain ? `mail.${ctx.domain}` : "mail.example.com"),
  },
  "ptr.private_ip": {
    severity: "info",
    title: "Private or reserved address",
    meaning:
      "The address is not reachable from the Internet (RFC 1918, loopback, link-local, CGNAT, unique-local...). " +
      "Its PTR was looked up all the same; receivers elsewhere will see your public NAT address instead.",
    describe: (p) => `${str(p.ip)} is in ${str(p.scope)} address space.`,
  },
  "ptr.documentation_ip": {
    severity: "info",
    title: "Documentation address",
    meaning:
      "The address lies in a range reserved for documentation (RFC 5737, RFC 3849); it was looked up all the same.",
    describe: (p) => `${str(p.ip)} is a documentation address.`,
  },
  "ptr.invalid_ip": {
    severity: "info",
    title: "Not an IP address",
    meaning: "The sending IP given is not a valid IPv4 or IPv6 address, so no PTR lookup was made.",
    describe: (p) => `"${str(p.ip)}" is not an IP address.`,
  },
  "ptr.dns_error": {
    severity: "info",
    title: "PTR lookup could not be completed",
    meaning:
      "A DNS query timed out or was refused (SERVFAIL, REFUSED): the result could not be determined. This says " +
      "nothing about the address itself.",
    describe: (p) =>
      `${str(p.name)} ${str(p.type)}: ${str(p.status)}${p.detail ? ` (${str(p.detail)})` : ""}.`,
  },
});

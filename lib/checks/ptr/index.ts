import type { PtrEvidence } from "./parse";
import type { Check } from "@/lib/checks/types";
import { finding, runCheck } from "@/lib/checks/result";
import { lookupFcrdns } from "@/lib/net/fcrdns";
import { canonicalIp } from "@/lib/net/ip";
import { evaluatePtr } from "./parse";

/**
 * PTR and forward-confirmed reverse DNS of the sending IP (ctx.ip), IPv4 or IPv6. Private and documentation
 * addresses get an info finding and are looked up all the same (a DNS-only check can ask about any address).
 */
export const ptrCheck: Check<"ptr", PtrEvidence> = (ctx) =>
  runCheck("ptr", ctx, async (resolver) => {
    if (!ctx.ip) return { findings: [], records: [], status: "skipped" };
    const ip = canonicalIp(ctx.ip);
    if (!ip)
      return {
        findings: [finding("ptr.invalid_ip", "info", { ip: ctx.ip })],
        records: [],
        status: "skipped",
      };
    return evaluatePtr(await lookupFcrdns(resolver, ip));
  });

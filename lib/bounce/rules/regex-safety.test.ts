import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/bounce/rules";
import { PROVIDERS, detectProvider } from "@/lib/bounce/providers";
import { BLOCKLISTS } from "@/lib/bounce/rules/blocklists";
import { classify } from "@/lib/bounce/classify";
import { fromReply } from "@/test-support/bounce-corpus/from-reply";

/** Inputs that make backtracking regexes blow up: long runs of one class, near-misses, repeated prefixes. */
const K = 100_000;
const ADVERSARIAL = [
  " ".repeat(K),
  "a".repeat(K),
  "9".repeat(K),
  "a@".repeat(K / 2),
  "<".repeat(K),
  ".".repeat(K),
  "5.".repeat(K / 2),
  "user ".repeat(K / 5),
  "relay ".repeat(K / 6),
  "spf ".repeat(K / 4),
  "mailbox ".repeat(K / 8),
  "in reply to ".repeat(K / 12),
  "x.".repeat(K / 2) + "!",
  "host ".repeat(K / 5) + "a".repeat(K),
  "\t \n".repeat(K / 3),
  "DKIM ".repeat(K / 5),
  "Recipient address rejected: ".repeat(K / 28),
];

function allRegexes(): RegExp[] {
  const out: RegExp[] = [];
  for (const r of RULES) for (const re of r.match.text ?? []) out.push(re);
  for (const p of PROVIDERS) if (p.text) out.push(p.text);
  for (const b of BLOCKLISTS) out.push(b.re);
  return out;
}

describe("regex safety", () => {
  it("every rule, provider and blocklist regex runs in linear time on 100 KB adversarial strings", () => {
    const res = allRegexes();
    expect(res.length).toBeGreaterThan(100);
    const t0 = performance.now();
    let worst = 0;
    let worstRe = "";
    for (const re of res) {
      for (const s of ADVERSARIAL) {
        const t = performance.now();
        re.test(s);
        const dt = performance.now() - t;
        if (dt > worst) {
          worst = dt;
          worstRe = re.source.slice(0, 80);
        }
      }
    }
    const total = performance.now() - t0;
    // Generous bounds (shared CI cores): a catastrophic pattern takes seconds to minutes on 100 KB.
    expect(worst, `slowest: ${worstRe}`).toBeLessThan(250);
    expect(total).toBeLessThan(10_000);
  });

  it("classify and detectProvider stay fast on huge pathological input (text is bounded)", () => {
    const t0 = performance.now();
    for (const s of ADVERSARIAL) {
      classify(fromReply(`550 5.7.1 ${s}`));
      detectProvider(s);
    }
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});

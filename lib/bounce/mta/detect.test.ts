import { describe, expect, it } from "vitest";
import { MTA_DETECT_LITERALS, MTA_MODULES, detectMta } from "@/lib/bounce/mta";
import { LiteralTable } from "@/lib/bounce/rules/literal-scan";

/** Hints that identify each module's notice, and some that identify none. */
const SAMPLES: [string[], string | null][] = [
  [["report-type: feedback-report", "from: abuse@example.net"], "arf"],
  [["feedback-type: abuse"], "arf"],
  [["subject: complaint about message from 192.0.2.1"], "hotmail-jmrp"],
  [["header: x-apple-unsubscribe"], "apple-unsubscribe"],
  [["from: Mail Delivery System <MAILER-DAEMON@messagelabs.com>"], "messagelabs"],
  [["header: x-starscan-received"], "messagelabs"],
  [["received: mail.example.com by cluster1.eu.messagelabs.com"], "messagelabs"],
  [["header: x-nai-header"], "mcafee"],
  [["x-powermta-bouncecategory: bad-mailbox"], "powermta"],
  [
    [
      "from: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
      "x-failed-recipients: group@googlegroups.com",
    ],
    "google-groups",
  ],
  [["from: Mail Delivery Subsystem <mailer-daemon@googlemail.com>"], "gmail-legacy"],
  [["from: MAILER-DAEMON@GMAIL.COM"], "gmail-legacy"],
  [["x-spasign: NG "], "ezweb"],
  [["subject: Automatic reply: hello"], "rfc3834"],
  [["subject: R\u00c9PONSE AUTOMATIQUE : absent"], "rfc3834"],
  [["subject: Auto-Reply: hello"], "rfc3834"],
  [["subject: AUTORESPONSE"], "rfc3834"],
  [["subject: Out of the Office"], "rfc3834"],
  [["subject: Abwesenheitsnotiz: hallo"], "rfc3834"],
  [["subject: Respuesta autom\u00e1tica: hola"], "rfc3834"],
  [["subject: Out of Office", "report-type: delivery-status"], null],
  [["subject: Undelivered Mail Returned to Sender", "report-type: delivery-status"], null],
  [["header: x-nai-header-extra", "x-spasign: ok"], null],
  [[], null],
];

describe("detectMta", () => {
  it("names the module whose hints these are", () => {
    for (const [hints, id] of SAMPLES) expect(detectMta(hints)?.id ?? null, hints.join(" | ")).toBe(id);
  });

  it("has a gate literal in every hint a pattern matches", () => {
    MTA_MODULES.forEach((m, i) =>
      m.detect.all.forEach((re, k) => {
        const words = MTA_DETECT_LITERALS[i]![k];
        if (!words) return;
        for (const [hints] of SAMPLES)
          for (const h of hints.filter((h) => re.test(h)))
            expect([h, words.some((w) => h.toLowerCase().includes(w))]).toEqual([h, true]);
      }),
    );
  });

  it("gives the same answer when gated by a literal scan of the hints", () => {
    const table = new LiteralTable();
    const ids = MTA_DETECT_LITERALS.map((m) => m.map((l) => table.ids(l)));
    const hits = table.hits();
    // Every pattern of every module can be gated: a null prefilter would make the gate a no-op.
    expect(MTA_DETECT_LITERALS.length).toBe(MTA_MODULES.length);
    for (const m of MTA_DETECT_LITERALS) for (const l of m) expect(l).not.toBeNull();
    for (const [hints, id] of SAMPLES) {
      table.scan(hints.join("\n").toLowerCase(), hits);
      expect(detectMta(hints, { hits, ids })?.id ?? null, hints.join(" | ")).toBe(id);
    }
  });
});

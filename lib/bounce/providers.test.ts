import { describe, expect, it } from "vitest";
import {
  PROVIDERS,
  PROVIDER_LITERALS,
  detectProvider,
  plainAlternatives,
  providerFromHost,
  providerName,
} from "@/lib/bounce/providers";
import { plainText, topAlternatives } from "@/lib/bounce/rules/prefilter";

describe("provider detection", () => {
  it("recognises hosts by suffix, not substring", () => {
    expect(providerFromHost("gmail-smtp-in.l.google.com")).toBe("gmail");
    expect(providerFromHost("contoso-com.mail.protection.outlook.com.")).toBe("microsoft");
    expect(providerFromHost("mta7.am0.yahoodns.net")).toBe("yahoo");
    expect(providerFromHost("mx0a-001.pphosted.com")).toBe("proofpoint");
    expect(providerFromHost("notgoogle.com")).toBeNull();
    expect(providerFromHost(null)).toBeNull();
    expect(providerFromHost("GMAIL.COM.")).toBe("gmail");
    expect(providerFromHost("mx.corp.mail.ru")).toBe("mailru");
    expect(providerFromHost("com")).toBeNull();
    // Ruled out by the last two labels, or owned through them.
    expect(providerFromHost("mx1.example.jp")).toBeNull();
    expect(providerFromHost("google.com.example.net")).toBeNull();
    expect(providerFromHost("msmx.au.com")).toBe("kddi");
    expect(providerFromHost("au.com")).toBe("kddi");
    expect(providerFromHost(".")).toBeNull();
  });

  it("gives a host the first provider listing one of its suffixes", () => {
    // The lookup by label must agree with comparing the host with every suffix in PROVIDERS order.
    const bySuffix = (h: string) =>
      PROVIDERS.find((p) => p.hosts.some((s) => h === s || h.endsWith(`.${s}`)))?.id ?? null;
    for (const p of PROVIDERS)
      for (const s of p.hosts)
        for (const h of [s, `mx.${s}`, `a.b.${s}`, `x${s}`]) expect(providerFromHost(h), h).toBe(bySuffix(h));
  });

  it("finds signatures in the hints as well as the text, wherever the literal sits", () => {
    expect(
      detectProvider("550 user unknown", null, ["received: a.example by mx.example", "x-mailer: Yahoo"]),
    ).toBe("yahoo");
    expect(detectProvider("550 user unknown", null, ["subject: x", "header: x-ms-exchange-foo"])).toBe(
      "microsoft",
    );
    // MTA software named in the hints wins over the one recognised in the text.
    expect(detectProvider("retry timeout exceeded", null, ["received: qmail 123 invoked"])).toBe("qmail");
    expect(detectProvider("retry timeout exceeded", null, ["subject: failure"])).toBe("exim");
    // A host quoted in the hints still names the provider when no wording does.
    expect(detectProvider("550 no", null, ["received: from mx.example.org by x.mail.ru (x)"])).toBe("mailru");
  });

  it("has no signature literal with a line break (text and hints are scanned apart)", () => {
    for (const lits of PROVIDER_LITERALS) for (const l of lits ?? []) expect(l).not.toContain("\n");
  });

  it("prefers the remote MTA host over words in the text", () => {
    expect(detectProvider("550 5.1.1 user unknown (gmail)", "mx1.mail.icloud.com")).toBe("icloud");
  });

  it("recognises provider wordings and tags", () => {
    expect(detectProvider("550 5.1.1 ... - gsmtp")).toBe("gmail");
    expect(detectProvider("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found")).toBe(
      "microsoft",
    );
    expect(detectProvider("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred")).toBe("yahoo");
    expect(detectProvider("554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1")).toBe(
      "proofpoint",
    );
    expect(detectProvider("Throttling failure: Maximum sending rate exceeded. (Amazon SES)")).toBe(
      "amazonses",
    );
  });

  it("names MTA software from its own wording, and from bounce headers before the quoted reply", () => {
    expect(
      detectProvider(
        "550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in local recipient table",
      ),
    ).toBe("postfix");
    expect(detectProvider("retry timeout exceeded")).toBe("exim");
    expect(detectProvider("<a@example.org>... User unknown")).toBe("sendmail");
    expect(detectProvider("Sorry, no mailbox here by that name. (#5.1.1)")).toBe("qmail");
    expect(detectProvider("Recipient address rejected: User unknown", null, ["mta: qmail"])).toBe("qmail");
  });

  it("returns null when nothing identifies the provider", () => {
    expect(detectProvider("550 No such user here")).toBeNull();
    expect(providerName("gmail")).toBe("Gmail");
    expect(providerName(null)).toBeNull();
  });
});

describe("plain alternatives of provider signatures", () => {
  it("splits a pattern at its top-level bars only", () => {
    expect(topAlternatives("a(b|c)|d")).toEqual(["a(b|c)", "d"]);
    expect(topAlternatives("(?:x|(y|z))w|v")).toEqual(["(?:x|(y|z))w", "v"]);
    expect(topAlternatives("[|]|x")).toEqual(["[|]", "x"]);
    expect(topAlternatives("[\\]|]|x")).toEqual(["[\\]|]", "x"]);
    // "[]" and "[^]" close at their "]" in JavaScript: what follows is outside the class.
    expect(topAlternatives("[]|y")).toEqual(["[]", "y"]);
    expect(topAlternatives("[^]|y")).toEqual(["[^]", "y"]);
    expect(topAlternatives("\\||a\\(|b")).toEqual(["\\|", "a\\(", "b"]);
    expect(topAlternatives("abc")).toEqual(["abc"]);
  });

  it("reads only literal text as plain", () => {
    expect(plainText("outlook\\.com")).toBe("outlook.com");
    expect(plainText("aka\\.ms\\/")).toBe("aka.ms/");
    expect(plainText("Remote server returned")).toBe("Remote server returned");
    for (const a of [
      "office ?365",
      "\\bexim\\b",
      "said: \\d{3}",
      "a.b",
      "(x)",
      "[s]",
      "x$",
      "^x",
      "\\u0041",
      "",
    ])
      expect([a, plainText(a)]).toEqual([a, null]);
  });

  it("keeps only top-level plain alternatives that are the provider's own literals, with its flags", () => {
    PROVIDERS.forEach((p, i) => {
      const alternatives = p.text ? topAlternatives(p.text.source) : [];
      if (p.text) expect(alternatives.join("|")).toBe(p.text.source);
      for (const [k, re] of plainAlternatives(i) ?? []) {
        expect(alternatives).toContain(re.source);
        expect(re.flags).toBe(p.text!.flags);
        const text = plainText(re.source)!;
        expect(PROVIDER_LITERALS[i]![k]).toBe(text.toLowerCase());
        // Whatever the case and the surrounding text, a match of the alternative is one of the pattern.
        for (const t of [
          text,
          text.toUpperCase(),
          text.toLowerCase(),
          `x ${text}.`,
          `\n${text.toUpperCase()}\n`,
        ])
          expect([p.id, t, re.test(t), p.text!.test(t)]).toEqual([p.id, t, true, true]);
      }
    });
    const sources = (id: string) =>
      (plainAlternatives(PROVIDERS.findIndex((p) => p.id === id)) ?? []).map(([, re]) => re.source);
    expect(sources("microsoft")).toEqual(
      expect.arrayContaining(["microsoft", "outlook\\.com", "x-ms-exchange"]),
    );
    expect(sources("microsoft")).not.toContain("office ?365");
    // "mailbox" and "alias" are alternatives inside a group of the Postfix pattern, not of the pattern.
    expect(sources("postfix")).toEqual(expect.arrayContaining(["postfix", "Relay access denied"]));
    expect(sources("postfix")).not.toContain("mailbox");
    expect(sources("postfix")).not.toContain("alias");
  });

  it("detects the same provider whether a plain alternative or the whole pattern finds it", () => {
    expect(detectProvider("Delivery failed", null, ["header: x-ms-exchange-inbox-rules-loop"])).toBe(
      "microsoft",
    );
    expect(detectProvider("See HTTPS://AKA.MS/EXO for details")).toBe("microsoft");
    // The scan reads the lower-cased text, the pattern the text itself: the Kelvin sign lower-cases to "k",
    // so the scan finds "aka.ms/", but neither /aka\.ms\//i nor the pattern matches it.
    expect(detectProvider("see aka.ms/x")).toBe("microsoft");
    expect(detectProvider("see a\u212aa.ms/x")).toBeNull();
    // Signatures are read in the first 16 KiB of the text and hints: a literal past them does not count.
    const pad = "x ".repeat(8200);
    expect(detectProvider(`${pad}microsoft`)).toBeNull();
    expect(detectProvider(`microsoft ${pad}`)).toBe("microsoft");
    expect(detectProvider("550 refused", null, [`${pad}x-ms-exchange`])).toBeNull();
    expect(detectProvider("550 refused", null, [`x-ms-exchange ${pad}`])).toBe("microsoft");
    expect(detectProvider(pad, null, ["header: x-ms-exchange-test"])).toBeNull();
  });
});

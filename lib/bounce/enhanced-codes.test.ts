import { describe, expect, it } from "vitest";
import {
  describeEnhancedCode,
  isRegisteredEnhancedCode,
  parseEnhancedCode,
  permanenceOfClass,
} from "@/lib/bounce/enhanced-codes";

describe("enhanced status codes (RFC 3463 and the IANA registry)", () => {
  it("parses class, subject and detail", () => {
    expect(parseEnhancedCode("5.7.26")).toEqual({ klass: 5, subject: 7, detail: 26, code: "5.7.26" });
    expect(parseEnhancedCode(" 4.2.2 ")).toMatchObject({ klass: 4, code: "4.2.2" });
    expect(parseEnhancedCode("5.1.010")).toMatchObject({ detail: 10, code: "5.1.10" });
  });

  it("rejects malformed codes", () => {
    for (const bad of ["", "5.7", "3.1.1", "6.0.0", "5.7.1.1", "5.7.1234", "a.b.c", "5..1"]) {
      expect(parseEnhancedCode(bad), bad).toBeNull();
      expect(describeEnhancedCode(bad), bad).toBeNull();
    }
  });

  it("describes registered codes with the class meaning", () => {
    expect(describeEnhancedCode("5.1.1")).toBe("Permanent failure: Bad destination mailbox address");
    expect(describeEnhancedCode("4.2.2")).toBe("Persistent transient failure: Mailbox full");
    expect(describeEnhancedCode("2.0.0")).toBe("Success: Other undefined status");
    expect(describeEnhancedCode("5.1.10")).toBe("Permanent failure: Recipient address has null MX");
    expect(describeEnhancedCode("5.7.27")).toBe("Permanent failure: Sender address has null MX");
    expect(describeEnhancedCode("5.7.30")).toBe("Permanent failure: REQUIRETLS support required");
  });

  it("covers X.7.20 to X.7.30", () => {
    const want: Record<number, string> = {
      20: "No passing DKIM signature found",
      21: "No acceptable DKIM signature found",
      22: "No valid author-matched DKIM signature found",
      23: "SPF validation failed",
      24: "SPF validation error",
      25: "Reverse DNS validation failed",
      26: "Multiple authentication checks failed",
      27: "Sender address has null MX",
      28: "Mail flood detected",
      29: "ARC validation failure",
      30: "REQUIRETLS support required",
    };
    for (const [d, text] of Object.entries(want)) {
      expect(describeEnhancedCode(`5.7.${d}`)).toBe(`Permanent failure: ${text}`);
      expect(isRegisteredEnhancedCode(`4.7.${d}`)).toBe(true);
    }
  });

  it("falls back to the subject for unregistered details (Microsoft's 5.7.606)", () => {
    expect(describeEnhancedCode("5.7.606")).toBe(
      "Permanent failure: Security or policy status (unregistered detail 606)",
    );
    expect(isRegisteredEnhancedCode("5.7.606")).toBe(false);
  });

  it("maps classes to permanence", () => {
    expect(permanenceOfClass(5)).toBe(true);
    expect(permanenceOfClass(4)).toBe(false);
    expect(permanenceOfClass(3)).toBeNull();
  });
});

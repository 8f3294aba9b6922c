import { describe, expect, it } from "vitest";
import { diagnose } from "@/lib/bounce/diagnose";

const notice = (spasign: string | null) =>
  [
    "From: <Postmaster@ezweb.ne.jp>",
    "To: <sender@example.or.jp>",
    "Subject: Mail System Error - Returned Mail",
    ...(spasign ? [`X-SPASIGN: ${spasign}`] : []),
    "Content-Type: text/plain; charset=iso-2022-jp",
    "",
    "<someone@ezweb.ne.jp>",
    "Each of the following recipients was rejected by a remote mail server.",
    "",
  ].join("\n");

describe("au by EZweb: X-SPASIGN: NG is the recipient's reception filter (sisimai Lhost::EZweb)", () => {
  it("is filtered with the header, not without it", () => {
    expect(diagnose(notice("NG")).reason).toBe("filtered");
    expect(diagnose(notice(null)).reason).not.toBe("filtered");
  });
});

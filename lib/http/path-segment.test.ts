import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { decodePathSegment, domainInPath, domainInPathOrNull } from "./path-segment";

describe("path segments", () => {
  it("decodes percent-encoding and refuses bad encoding as not_found", () => {
    expect(decodePathSegment("b%C3%BCcher.example")).toBe("bücher.example");
    let err: unknown;
    try {
      decodePathSegment("%ff");
    } catch (e) {
      err = e;
    }
    expect(isAppError(err) && err.code).toBe("not_found");
  });

  it("reads a domain segment, or null for a page when it is not one", () => {
    expect(domainInPath("Example.COM").ascii).toBe("example.com");
    expect(domainInPathOrNull("b%C3%BCcher.example")?.ascii).toBe("xn--bcher-kva.example");
    expect(domainInPathOrNull("%ff")).toBeNull();
    expect(domainInPathOrNull("not a domain")).toBeNull();
    expect(() => domainInPath("not a domain")).toThrow();
  });
});

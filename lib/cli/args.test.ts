import { describe, expect, it } from "vitest";
import { parseReportRequest } from "@/lib/validation/input";
import { parseCliArgs } from "./args";

describe("--probe-recipients", () => {
  it("is off by default and on when given", () => {
    expect(parseCliArgs(["check", "example.com"]).probeRecipients).toBeUndefined();
    expect(parseCliArgs(["check", "example.com", "--probe-recipients"]).probeRecipients).toBe(true);
  });
  it("reaches the report request for a domain only, and must be a boolean in the API", () => {
    expect(parseReportRequest({ domain: "example.com", probeRecipients: true }).probeRecipients).toBe(true);
    expect(parseReportRequest({ domain: "example.com" }).probeRecipients).toBeUndefined();
    expect(parseReportRequest({ ip: "192.0.2.1", probeRecipients: true }).probeRecipients).toBeUndefined();
    expect(() => parseReportRequest({ domain: "example.com", probeRecipients: "yes" })).toThrow(
      /probeRecipients/,
    );
  });
});

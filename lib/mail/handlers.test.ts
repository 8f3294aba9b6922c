import { describe, expect, it } from "vitest";
import { handlerFor, registerMailHandler } from "./handlers";

describe("mail handlers by local part", () => {
  it("finds a handler by its local part and its +sub-addresses, until it is removed", () => {
    const h = async () => undefined;
    const off = registerMailHandler("DMARC", h);
    expect(handlerFor("dmarc")).toBe(h);
    expect(handlerFor("dmarc+monitor42")).toBe(h);
    expect(handlerFor("dmarcx")).toBeUndefined();
    off();
    expect(handlerFor("dmarc")).toBeUndefined();
  });
  it("refuses a local part that could not be an address", () => {
    expect(() => registerMailHandler("a b", async () => undefined)).toThrow(/invalid local part/);
  });
});

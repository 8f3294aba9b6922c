import { describe, expect, it } from "vitest";
import { handlerAccepts, handlerFor, registerMailHandler } from "./handlers";

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
  it("asks the handler at RCPT which sub-addresses it takes; without a check, it takes them all", async () => {
    const off = registerMailHandler("dmarc", async () => undefined, {
      accepts: async (lp) => lp === "dmarc" || lp === "dmarc+known",
    });
    expect(await handlerAccepts("dmarc")).toBe(true);
    expect(await handlerAccepts("DMARC+Known")).toBe(true);
    expect(await handlerAccepts("dmarc+unknown")).toBe(false);
    expect(await handlerAccepts("postmaster")).toBe(false);
    off();
    const open = registerMailHandler("dmarc", async () => undefined);
    expect(await handlerAccepts("dmarc+anything")).toBe(true);
    open();
    expect(await handlerAccepts("dmarc")).toBe(false);
  });
  it("refuses a local part that could not be an address", () => {
    expect(() => registerMailHandler("a b", async () => undefined)).toThrow(/invalid local part/);
  });
});

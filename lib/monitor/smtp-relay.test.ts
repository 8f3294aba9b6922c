import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayFromEnv, sendViaRelay } from "./smtp-relay";
import { startFakeSmtp, type FakeSmtp } from "../../test-support/smtp/fake-smtp";

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(() => smtp.close());

describe("the SMTP relay for alert e-mails", () => {
  it("authenticates, sends headers and a dot-stuffed body", async () => {
    await sendViaRelay(
      `smtp://alerts%40example.com:s3cret@127.0.0.1:${smtp.port}`,
      "mxray@example.com",
      "ops@example.com",
      "mxray: 2 change(s)\r\non shop.test",
      "line one\n.starts with a dot\nend",
    );
    const m = smtp.messages.at(-1)!;
    expect(m.auth).toBe("\u0000alerts@example.com\u0000s3cret");
    expect(m.from).toBe("mxray@example.com");
    expect(m.to).toEqual(["ops@example.com"]);
    expect(m.data).toContain("Subject: mxray: 2 change(s) on shop.test\r\n");
    expect(m.data).toContain("\r\n\r\nline one\r\n..starts with a dot\r\nend");
  });

  it("is configured from MXRAY_SMTP_RELAY and MXRAY_ALERT_FROM, off without them", async () => {
    expect(relayFromEnv({})).toBeNull();
    const send = relayFromEnv({
      MXRAY_SMTP_RELAY: `smtp://127.0.0.1:${smtp.port}`,
      MXRAY_ALERT_FROM: "a@b.example",
    })!;
    await send("x@y.example", "s", "t");
    expect(smtp.messages.at(-1)).toMatchObject({ from: "a@b.example", to: ["x@y.example"], auth: null });
  });

  it("fails with the relay's reply when it refuses", async () => {
    await expect(sendViaRelay(`ftp://127.0.0.1:${smtp.port}`, "a@b", "c@d", "s", "t")).rejects.toThrow(
      /smtp:\/\//,
    );
  });
});

import { describe, expect, it } from "vitest";
import { GET as records } from "./records/route";
import { GET } from "./route";

describe("a domain's DMARC API with bad percent-encoding in the path", () => {
  it("answers 404, not 500 (RFC 3986 §2.1)", async () => {
    for (const handler of [GET, records]) {
      const res = await handler(new Request("http://x.test/"), {
        params: Promise.resolve({ domain: "%ff" }),
      });
      expect(res.status).toBe(404);
    }
  });
});

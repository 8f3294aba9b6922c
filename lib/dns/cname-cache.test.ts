import { describe, expect, it } from "vitest";
import { createMemoryResolver } from "./memory-resolver";

const ZONE = `$ORIGIN alias.test.
@    300 IN SOA ns hostmaster 1 3600 600 86400 60
mail 300 IN CNAME real
real 300 IN A 192.0.2.25
`;

describe("answers reached through a CNAME", () => {
  it("also answer the same question about the chain's target, without another query", async () => {
    const r = createMemoryResolver({ zoneText: [ZONE] });
    const viaAlias = await r.query("mail.alias.test", "A");
    expect(viaAlias).toMatchObject({ status: "ok", answers: ["192.0.2.25"], cnames: ["real.alias.test"] });
    const sent = r.log.length;
    const direct = await r.query("real.alias.test", "A");
    expect(direct).toMatchObject({
      name: "real.alias.test",
      status: "ok",
      answers: ["192.0.2.25"],
      cnames: [],
    });
    expect(r.log.length).toBe(sent);
    // Another type at the target is a new question.
    await r.query("real.alias.test", "AAAA");
    expect(r.log.length).toBe(sent + 1);
  });
});

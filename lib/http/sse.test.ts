import { describe, expect, it } from "vitest";
import { createSseParser, sseStream, type SseMessage } from "./sse";

describe("SSE", () => {
  it("round-trips events through the stream and the parser, across chunk boundaries", async () => {
    const res = sseStream(async (send) => {
      send("plan", { checks: ["mx", "spf"] });
      send("check", { check: "mx", text: "a\nb" });
      send("done", { id: "x" });
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await res.text();
    const got: SseMessage[] = [];
    const feed = createSseParser((m) => got.push(m));
    for (let i = 0; i < text.length; i += 7) feed(text.slice(i, i + 7));
    expect(got.map((m) => m.event)).toEqual(["plan", "check", "done"]);
    expect(JSON.parse(got[1]!.data)).toEqual({ check: "mx", text: "a\nb" });
  });
});

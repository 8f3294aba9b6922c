/**
 * The bulk-sender checklist as the report page renders it, with items taken from the latest message of the
 * domain: each such item dates the message, and never links to its report (message reports are private).
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fillChecklist, type LatestMessage } from "@/lib/mail/message/checklist";
import { bulkSenderChecklist } from "@/lib/scoring/checklist";
import { BulkSenderChecklist } from "./checklist";
import { LatestMessageRules } from "./message-panel";

const latest: LatestMessage = {
  createdAt: "2026-12-06T09:00:00.000Z",
  source: "smtp",
  items: [
    {
      id: "alignment",
      label: "From: domain aligned with SPF or DKIM",
      status: "pass",
      because: "aligned through DKIM",
    },
    { id: "tls", label: "TLS for transmitting mail", status: "fail", because: "received without STARTTLS" },
  ],
  providers: [
    { provider: "gmail", rule: "gmail.tls", title: "Sent over TLS", status: "fail", appliesTo: "all" },
  ],
};

describe("BulkSenderChecklist with the latest message", () => {
  it("shows the message's answers with the message's date, without a link to its report", () => {
    const out = renderToStaticMarkup(
      h(BulkSenderChecklist, { items: fillChecklist(bulkSenderChecklist({}), latest) }),
    );
    expect(out).toMatch(/data-item="alignment" data-status="pass"/);
    expect(out).toMatch(/data-item="tls" data-status="fail"/);
    expect(out).toContain("received without STARTTLS");
    expect(out.match(/data-from-message="2026-12-06T09:00:00.000Z"/g)).toHaveLength(2);
    expect(out).toContain("As seen in a message received on");
    expect(out).not.toContain("href=");
    expect(out).toContain('dateTime="2026-12-06T09:00:00.000Z"');
    expect(out).toContain("Sun, 06 Dec 2026 09:00:00 GMT");
    expect(out).toContain("and the latest message received from this domain");
  });

  it("without a message, says nothing of one", () => {
    const out = renderToStaticMarkup(
      h(BulkSenderChecklist, { items: fillChecklist(bulkSenderChecklist({}), null) }),
    );
    expect(out).not.toContain("data-from-message");
    expect(out).toMatch(/data-item="alignment" data-status="unknown"/);
    expect(out).toContain("needs a real message");
  });

  it("the provider panel dates the message it read, without a link to it", () => {
    const out = renderToStaticMarkup(
      h(LatestMessageRules, { createdAt: latest.createdAt, providers: latest.providers }),
    );
    expect(out).toContain('dateTime="2026-12-06T09:00:00.000Z"');
    expect(out).not.toContain("href=");
    expect(out).not.toContain("Open the message report");
  });
});

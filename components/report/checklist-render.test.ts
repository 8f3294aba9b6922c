/**
 * The bulk-sender checklist as the report page renders it, with items taken from the latest message of the
 * domain: each such item says which message (its date) and links to its report.
 */
import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { fillChecklist, type LatestMessage } from "@/lib/mail/message/checklist";
import { bulkSenderChecklist } from "@/lib/scoring/checklist";
import { BulkSenderChecklist } from "./checklist";
import { LatestMessageRules } from "./message-panel";

const latest: LatestMessage = {
  id: "Msg_report_id_123456789A",
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
  it("shows the message's answers with the message's date and a link to its report", () => {
    const out = renderToStaticMarkup(
      h(BulkSenderChecklist, { items: fillChecklist(bulkSenderChecklist({}), latest) }),
    );
    expect(out).toMatch(/data-item="alignment" data-status="pass"/);
    expect(out).toMatch(/data-item="tls" data-status="fail"/);
    expect(out).toContain("received without STARTTLS");
    expect(out.match(/data-from-message="Msg_report_id_123456789A"/g)).toHaveLength(2);
    expect(out).toContain('href="/r/Msg_report_id_123456789A"');
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

  it("the provider panel dates the message it read", () => {
    const out = renderToStaticMarkup(
      h(LatestMessageRules, { slug: latest.id, createdAt: latest.createdAt, providers: latest.providers }),
    );
    expect(out).toContain('dateTime="2026-12-06T09:00:00.000Z"');
    expect(out).toContain('href="/r/Msg_report_id_123456789A"');
  });
});

import { describe, expect, it } from "vitest";
import { detectBounceLog, plural } from "@/lib/bounce/bulk/detect-log";

const PF = (n: number, status = "bounced") =>
  `Mar  7 10:00:0${n} mx postfix/smtp[1${n}]: 4AB${n}: to=<u${n}@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=5.1.1, status=${status} (host mx.example.org[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))`;

describe("detectBounceLog", () => {
  it("recognises a Postfix log with several bounces or deferrals", () => {
    const log = [PF(1), "Mar  7 10:00:01 mx postfix/qmgr[9]: 4AB1: removed", PF(2, "deferred"), PF(3)].join(
      "\n",
    );
    expect(detectBounceLog(log)).toEqual({ events: 3, kind: "postfix" });
  });

  it("recognises Exim main log failures and deferrals", () => {
    const log = [
      "2024-03-07 10:00:01 1rABCd-000123-AB ** u1@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<u1@example.org>: 550 5.1.1 User unknown",
      "2024-03-07 10:00:02 1rABCe-000124-AB == u2@example.org R=dnslookup T=remote_smtp defer (-53): retry time not reached",
    ].join("\n");
    expect(detectBounceLog(log)).toEqual({ events: 2, kind: "exim" });
  });

  it("recognises one reply per line, and an mbox of several messages", () => {
    expect(detectBounceLog("550 5.1.1 User unknown\n552 5.2.2 Mailbox full\n")?.kind).toBe("replies");
    const mbox =
      "From a@b Mon Mar  4 10:00:00 2024\nSubject: x\n\nbody\nFrom c@d Tue Mar  5 10:00:00 2024\nSubject: y\n";
    expect(detectBounceLog(mbox)).toEqual({ events: 2, kind: "mbox" });
  });

  it("leaves one bounce alone: a reply, a transcript, a message with several reply lines", () => {
    expect(detectBounceLog("550 5.1.1 <a@example.org>: Recipient address rejected: User unknown")).toBeNull();
    expect(detectBounceLog(PF(1))).toBeNull();
    expect(
      detectBounceLog(
        ">>> RCPT TO:<a@example.org>\n<<< 550 5.1.1 User unknown\n554 5.0.0 Service unavailable\n",
      ),
    ).toBeNull();
    expect(
      detectBounceLog("From: MAILER-DAEMON@example.org\nSubject: Undelivered\n\n550 5.1.1 a\n550 5.1.1 b\n"),
    ).toBeNull();
    expect(detectBounceLog("550-5.7.1 first line\n550-5.7.1 second line\n550 5.7.1 last line")).toBeNull();
  });

  it("spells plurals", () => {
    expect(plural(1, "bounce")).toBe("1 bounce");
    expect(plural(0, "bounce")).toBe("0 bounces");
    expect(plural(12345, "line")).toBe("12,345 lines");
  });
});

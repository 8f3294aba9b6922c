"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { rememberDeleteToken } from "@/components/report/delete-token-store";

const button =
  "rounded-lg bg-sky-700 px-4 py-2 font-semibold text-white hover:bg-sky-800 disabled:opacity-60 dark:bg-sky-600";

async function problem(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { detail?: string } | null;
  return body?.detail ?? `The server answered ${res.status}.`;
}

/** Issues a test address and opens its waiting page. */
export function IssueAddressButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function issue() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/message-tests", { method: "POST" });
      if (!res.ok) throw new Error(await problem(res));
      const t = (await res.json()) as { id: string };
      router.push(`/message/${t.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }
  return (
    <div className="space-y-2">
      <button type="button" className={button} disabled={busy} onClick={() => void issue()}>
        {busy ? "Issuing…" : "Get a test address"}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

/** Paste a raw message (or its headers) or upload an .eml: the same report minus what only SMTP knows. */
export function UploadMessageForm() {
  const router = useRouter();
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Shows its own errors; React does not await event handlers, so the promise is let go (void).
  async function upload(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      if (file) form.set("file", file);
      else form.set("message", text);
      const res = await fetch("/api/messages", { method: "POST", body: form });
      if (!res.ok) throw new Error(await problem(res));
      const doc = (await res.json()) as { id: string };
      router.push(`/r/${doc.id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }
  return (
    <form className="space-y-3" onSubmit={(e) => void upload(e)}>
      <label className="block text-sm font-medium" htmlFor="raw-message">
        Raw message or headers
      </label>
      <textarea
        id="raw-message"
        className="h-48 w-full rounded-lg border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
        placeholder={"Received: from ...\nDKIM-Signature: v=1; ...\nFrom: ...\n\n(body)"}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm">
          or upload an .eml:{" "}
          <input
            type="file"
            accept=".eml,message/rfc822,text/plain"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </label>
        <button type="submit" className={button} disabled={busy || (!text.trim() && !file)}>
          {busy ? "Checking…" : "Check this message"}
        </button>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}

/** Waits live (server-sent events) for the message to arrive, then opens its report. */
export function WaitForMessage({ id }: { id: string }) {
  const router = useRouter();
  const [state, setState] = useState<"waiting" | "received" | "lost">("waiting");
  useEffect(() => {
    const es = new EventSource(`/api/message-tests/${id}`);
    es.addEventListener("received", (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { report?: { id?: string } };
      setState("received");
      es.close();
      if (data.report?.id) router.push(`/r/${data.report.id}`);
    });
    // EventSource reconnects by itself after the stream's time limit; only a hard failure is shown.
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setState("lost");
    };
    return () => es.close();
  }, [id, router]);
  return (
    <p role="status" aria-live="polite" className="text-sm" data-testid="wait-state">
      {state === "waiting" && "Waiting for your message… this page updates by itself."}
      {state === "received" && "Received: opening the report…"}
      {state === "lost" && "Lost the connection to the server: reload the page."}
    </p>
  );
}

/**
 * On a message report: a full domain check of the From: domain. The domain report made now keeps this
 * message in its bulk-sender checklist (alignment, TLS, one-click unsubscribe, reverse DNS).
 */
export function CheckFromDomainButton({ domain }: { domain: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function check() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/reports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ domain }),
      });
      if (!res.ok) throw new Error(await problem(res));
      const r = (await res.json()) as { id: string; deleteToken?: string };
      rememberDeleteToken(r.id, r.deleteToken);
      router.push(`/r/${r.id}`);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <button
        type="button"
        className={button}
        disabled={busy}
        data-testid="check-from-domain"
        // The handler owns its errors (shown below), so the promise is not awaited by React.
        onClick={() => void check()}
      >
        {busy ? `Checking ${domain}…` : `Run a full check of ${domain}`}
      </button>
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

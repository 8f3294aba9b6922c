import Link from "next/link";

export default function ReportNotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">Report not found</h1>
      <p>This link does not point to a saved report. It may have been mistyped.</p>
      <Link href="/" className="text-sky-700 underline">
        Run a new check
      </Link>
    </div>
  );
}

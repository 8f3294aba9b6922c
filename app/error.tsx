"use client";

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  const unavailable = /database/i.test(error.message);
  return (
    <div className="space-y-3" role="alert">
      <h1 className="text-2xl font-bold">
        {unavailable ? "The database is unavailable" : "Something went wrong"}
      </h1>
      <p>
        {unavailable
          ? "Saved reports cannot be read right now. Try again in a moment."
          : "The page could not be shown."}
      </p>
      <button type="button" onClick={reset} className="rounded bg-sky-700 px-4 py-2 text-white">
        Try again
      </button>
    </div>
  );
}

import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="text-sky-700 underline">
        Back to the check
      </Link>
    </div>
  );
}

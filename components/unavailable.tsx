/** What a page shows when the database cannot be reached: a plain explanation, never the driver's text. */
export function TemporarilyUnavailable() {
  return (
    <div className="space-y-3" role="alert" data-testid="temporarily-unavailable">
      <h1 className="text-2xl font-bold">Temporarily unavailable</h1>
      <p>Saved reports cannot be read right now. Nothing is lost: try again in a few seconds.</p>
    </div>
  );
}

/** A ring showing the score out of 100, with the grade in the middle. */
export function ScoreGauge({ score, grade }: { score: number; grade: string }) {
  const r = 52;
  const c = 2 * Math.PI * r;
  const color = score >= 90 ? "#059669" : score >= 70 ? "#d97706" : "#dc2626";
  return (
    <figure className="flex flex-col items-center" aria-label={`Score ${score} out of 100, grade ${grade}`}>
      <svg viewBox="0 0 120 120" className="h-32 w-32" role="img" aria-hidden="true">
        <circle
          cx="60"
          cy="60"
          r={r}
          fill="none"
          stroke="currentColor"
          strokeWidth="10"
          className="text-slate-200 dark:text-slate-700"
        />
        <circle
          cx="60"
          cy="60"
          r={r}
          fill="none"
          stroke={color}
          strokeWidth="10"
          strokeLinecap="round"
          strokeDasharray={`${(score / 100) * c} ${c}`}
          transform="rotate(-90 60 60)"
        />
        <text x="60" y="58" textAnchor="middle" fontSize="30" fontWeight="700" fill="currentColor">
          {grade}
        </text>
        <text x="60" y="80" textAnchor="middle" fontSize="13" fill="currentColor" opacity="0.7">
          {score}/100
        </text>
      </svg>
      <figcaption className="sr-only">
        Score {score} of 100, grade {grade}
      </figcaption>
    </figure>
  );
}

/**
 * The grade scale (names, best first) and where each grade starts. Two ideas, two names: GRADES is the
 * scale stored with reports and validated at the edges; GRADE_BOUNDARIES is scoring's cut-off per grade.
 * Kept apart from the weights so light modules (report schemas) can import it.
 */

/** The grades, best first. */
export const GRADES = ["A+", "A", "B", "C", "D", "F"] as const;

export type Grade = (typeof GRADES)[number];

/** The lowest score of each grade (score at or above). A+ also needs no finding above "info". */
export const GRADE_BOUNDARIES: readonly { grade: Grade; min: number }[] = [
  { grade: "A+", min: 97 },
  { grade: "A", min: 90 },
  { grade: "B", min: 80 },
  { grade: "C", min: 70 },
  { grade: "D", min: 60 },
  { grade: "F", min: 0 },
];

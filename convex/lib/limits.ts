/**
 * Field limits shared by the Convex functions (which enforce them) and the forms
 * (which check them first, to show inline errors before a round trip).
 * No Convex imports here: the browser bundle uses this file too.
 */
export const limits = {
  className: 80,
  section: 40,
  term: 40,
  assignmentTitle: 120,
} as const;

/** Due dates are calendar days, `YYYY-MM-DD`, with no time zone. */
export const DUE_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DUE_DATE_PATTERN.test(value)) return false;
  const [year, month, day] = value.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 &&
    year <= 2999 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * Field limits shared by the Convex functions (which enforce them) and the forms
 * (which check them first, to show inline errors before a round trip). Text
 * limits count what a person sees, graphemes (see lengthProblem in text.ts).
 * No Convex imports here: the browser bundle uses this file too.
 */
export const limits = {
  className: 80,
  section: 40,
  term: 40,
  assignmentTitle: 120,
  /** Most classes one page of the class list may ask for. */
  classPageSize: 100,
} as const;

/** Due dates are calendar days, `YYYY-MM-DD`, with no time zone. */
export const DUE_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const dueDateRange = { min: "1900-01-01", max: "2999-12-31" } as const;

export const dueDateMessages = {
  notADate: "Enter a real date, like 2030-09-15",
  outOfRange: "Enter a date between Jan 1, 1900 and Dec 31, 2999",
} as const;

/** What is wrong with a due date, or null when it is a calendar day in range. */
export function dueDateProblem(value: string): string | null {
  if (!DUE_DATE_PATTERN.test(value)) return dueDateMessages.notADate;
  const [year, month, day] = value.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real) return dueDateMessages.notADate;
  if (value < dueDateRange.min || value > dueDateRange.max) {
    return dueDateMessages.outOfRange;
  }
  return null;
}

export function isCalendarDate(value: string): boolean {
  return dueDateProblem(value) === null;
}

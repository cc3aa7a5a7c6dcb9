import { dueDateRange } from "@/convex/lib/limits";

/** Props for a due-date input: the browser's picker offers only days the server accepts. */
export const dueDateInput = {
  type: "date",
  min: dueDateRange.min,
  max: dueDateRange.max,
} as const;

/**
 * Due dates are calendar days stored as `YYYY-MM-DD`. They are formatted in UTC
 * so the server and the browser print the same text (no hydration mismatch).
 */
const formatter = new Intl.DateTimeFormat("en-US", {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

export function formatDueDate(value: string): string {
  const [year, month, day] = value.split("-").map(Number) as [
    number,
    number,
    number,
  ];
  return formatter.format(new Date(Date.UTC(year, month - 1, day)));
}

/** Today in the viewer's time zone, as `YYYY-MM-DD`. Browser only. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

type Sortable = { done: boolean; dueDate?: string; _creationTime: number };

/** Open before done; then by due date (undated last); then oldest first. */
export function compareAssignments(a: Sortable, b: Sortable): number {
  if (a.done !== b.done) return a.done ? 1 : -1;
  if (a.dueDate !== b.dueDate) {
    if (a.dueDate === undefined) return 1;
    if (b.dueDate === undefined) return -1;
    return a.dueDate < b.dueDate ? -1 : 1;
  }
  return a._creationTime - b._creationTime;
}

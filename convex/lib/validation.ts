import { invalid } from "./errors";
import { isCalendarDate, limits } from "./limits";

/**
 * Convex validators check types, not lengths; these checks add the limits.
 * Text is trimmed first so "   " counts as empty.
 */
export function requiredText(
  field: string,
  value: string,
  max: number,
): string {
  const text = value.trim();
  if (text.length === 0) throw invalid(field, `${field} is required`);
  if (text.length > max) {
    throw invalid(field, `${field} must be at most ${max} characters`);
  }
  return text;
}

/** Empty or missing means "not set" (returns undefined, which clears the field on patch). */
export function optionalText(
  field: string,
  value: string | undefined,
  max: number,
): string | undefined {
  const text = value?.trim() ?? "";
  if (text.length === 0) return undefined;
  if (text.length > max) {
    throw invalid(field, `${field} must be at most ${max} characters`);
  }
  return text;
}

export function optionalDueDate(value: string | undefined): string | undefined {
  const text = value?.trim() ?? "";
  if (text.length === 0) return undefined;
  if (!isCalendarDate(text)) {
    throw invalid("dueDate", "Due date must be a real date (YYYY-MM-DD)");
  }
  return text;
}

export function classFields(args: {
  name: string;
  section?: string;
  term?: string;
}) {
  return {
    name: requiredText("Name", args.name, limits.className),
    section: optionalText("Section", args.section, limits.section),
    term: optionalText("Term", args.term, limits.term),
  };
}

export function assignmentFields(args: { title: string; dueDate?: string }) {
  return {
    title: requiredText("Title", args.title, limits.assignmentTitle),
    dueDate: optionalDueDate(args.dueDate),
  };
}

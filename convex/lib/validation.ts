import { invalid } from "./errors";
import { dueDateProblem, limits } from "./limits";
import { cleanText, lengthProblem, requiredMessage } from "./text";

/**
 * Convex validators check types, not lengths; these checks add the limits.
 * Text is cleaned first (NFC, no invisible or bidi control characters, trimmed),
 * so "   " or a lone zero-width space counts as empty; lengths count what a
 * person sees (graphemes), as the forms do (see lengthProblem).
 */
export function requiredText(
  field: string,
  value: string,
  max: number,
): string {
  const text = cleanText(value);
  if (text.length === 0) throw invalid(field, requiredMessage(field, value));
  const problem = lengthProblem(field, text, max);
  if (problem !== null) throw invalid(field, problem);
  return text;
}

/** Empty or missing means "not set" (returns undefined, which clears the field on patch). */
export function optionalText(
  field: string,
  value: string | undefined,
  max: number,
): string | undefined {
  const text = cleanText(value ?? "");
  if (text.length === 0) return undefined;
  const problem = lengthProblem(field, text, max);
  if (problem !== null) throw invalid(field, problem);
  return text;
}

export function optionalDueDate(value: string | undefined): string | undefined {
  const text = value?.trim() ?? "";
  if (text.length === 0) return undefined;
  const problem = dueDateProblem(text);
  if (problem !== null) throw invalid("dueDate", problem);
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

import { z } from "zod";
import { isCalendarDate, limits } from "@/convex/lib/limits";

/**
 * Form rules mirror the Convex functions' checks (same limits file), so most
 * mistakes are caught inline before a request is sent.
 */
const required = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`);

const optional = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .transform((value) => (value === "" ? undefined : value));

export const classFormSchema = z.object({
  name: required("Name", limits.className),
  section: optional("Section", limits.section),
  term: optional("Term", limits.term),
});

export const assignmentFormSchema = z.object({
  title: required("Title", limits.assignmentTitle),
  dueDate: z
    .string()
    .trim()
    .refine(
      (value) => value === "" || isCalendarDate(value),
      "Enter a real date",
    )
    .transform((value) => (value === "" ? undefined : value)),
});

export type ClassFormValues = z.input<typeof classFormSchema>;
export type AssignmentFormValues = z.input<typeof assignmentFormSchema>;

export type FieldErrors<Values> = Partial<Record<keyof Values, string>>;

/** The first message for each field. */
export function fieldErrors<Values>(error: z.ZodError): FieldErrors<Values> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "");
    if (key && !(key in errors)) errors[key] = issue.message;
  }
  return errors as FieldErrors<Values>;
}

/** Convex validation errors name fields the way users read them ("Name"); forms key them in camelCase. */
export function formFieldFromServer(field: string | undefined) {
  if (!field) return undefined;
  return field.charAt(0).toLowerCase() + field.slice(1);
}

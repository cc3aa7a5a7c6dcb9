import { z } from "zod";
import { dueDateProblem, limits } from "@/convex/lib/limits";
import { cleanText, lengthProblem, requiredMessage } from "@/convex/lib/text";

/**
 * Form rules mirror the Convex functions' checks (same limits, same cleaning,
 * same messages), so most mistakes are caught inline before a request is sent.
 */
const required = (label: string, max: number) =>
  z.string().transform((raw, ctx) => {
    const text = cleanText(raw);
    if (text.length === 0) {
      ctx.addIssue({ code: "custom", message: requiredMessage(label, raw) });
      return z.NEVER;
    }
    const problem = lengthProblem(label, text, max);
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return text;
  });

const optional = (label: string, max: number) =>
  z.string().transform((raw, ctx) => {
    const text = cleanText(raw);
    const problem = lengthProblem(label, text, max);
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return text === "" ? undefined : text;
  });

export const classFormSchema = z.object({
  name: required("Name", limits.className),
  section: optional("Section", limits.section),
  term: optional("Term", limits.term),
});

export const assignmentFormSchema = z.object({
  title: required("Title", limits.assignmentTitle),
  dueDate: z.string().transform((raw, ctx) => {
    const value = raw.trim();
    if (value === "") return undefined;
    const problem = dueDateProblem(value);
    if (problem !== null) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return value;
  }),
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

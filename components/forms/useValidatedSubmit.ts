"use client";

import { useCallback, useState } from "react";
import type { z } from "zod";
import { classifyError, formErrorMessage } from "@/lib/errorHandling";
import { fieldErrors, formFieldFromServer, type FieldErrors } from "./schemas";

/**
 * Validates with a zod schema, then runs `save`. Keeps per-field errors (from the
 * schema or from a Convex VALIDATION error), a form-level error, and `saving`.
 */
export function useValidatedSubmit<
  Schema extends z.ZodType<unknown, Record<string, string>>,
>(schema: Schema, save: (values: z.output<Schema>) => Promise<unknown>) {
  type Values = z.input<Schema>;
  const [errors, setErrors] = useState<FieldErrors<Values>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = useCallback(
    async (values: Values): Promise<boolean> => {
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        setErrors(fieldErrors<Values>(parsed.error));
        setFormError(null);
        return false;
      }
      setErrors({});
      setFormError(null);
      setSaving(true);
      try {
        await save(parsed.data);
        return true;
      } catch (error) {
        const classified = classifyError(error);
        const field = formFieldFromServer(classified.field);
        if (classified.kind === "validation" && field && field in values) {
          setErrors({ [field]: classified.message } as FieldErrors<Values>);
        } else {
          setFormError(formErrorMessage(error));
        }
        return false;
      } finally {
        setSaving(false);
      }
    },
    [schema, save],
  );

  const clearError = useCallback((field: keyof Values) => {
    setErrors((current) =>
      current[field] === undefined
        ? current
        : { ...current, [field]: undefined },
    );
  }, []);

  return { submit, errors, formError, saving, clearError };
}

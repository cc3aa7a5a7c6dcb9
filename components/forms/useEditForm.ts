"use client";

import type { FormEvent } from "react";
import type { z } from "zod";
import { useFormFields } from "./useFormFields";
import { useValidatedSubmit } from "./useValidatedSubmit";

/**
 * State for an inline edit form: fields start from the saved document, and a
 * successful save closes the form through `onDone`.
 */
export function useEditForm<
  Schema extends z.ZodType<unknown, Record<string, string>>,
>(
  schema: Schema,
  initial: z.input<Schema>,
  save: (values: z.output<Schema>) => Promise<unknown>,
  onDone: () => void,
) {
  const { submit, errors, formError, saving, clearError } = useValidatedSubmit(
    schema,
    save,
  );
  const { values, field } = useFormFields(initial, errors, clearError);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await submit(values)) onDone();
  }

  return { field, saving, formError, onSubmit };
}

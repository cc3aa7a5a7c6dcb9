"use client";

import { useState } from "react";
import type { FieldErrors } from "./schemas";

type StringValues<Values> = { [Key in keyof Values]: string };

/**
 * Holds a form's text values and binds each one to a TextField: its value, its
 * error, and an onChange that stores the text and clears that field's error.
 */
export function useFormFields<Values extends StringValues<Values>>(
  initial: Values,
  errors: FieldErrors<Values>,
  clearError: (field: keyof Values) => void,
) {
  const [values, setValues] = useState<Values>(initial);

  function field(name: keyof Values & string) {
    return {
      name,
      value: values[name] ?? "",
      error: errors[name],
      onChange: (event: { target: { value: string } }) => {
        const value = event.target.value;
        setValues((current) => ({ ...current, [name]: value }));
        clearError(name);
      },
    };
  }

  return { values, setValues, field };
}

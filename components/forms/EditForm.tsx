import type { FormEvent, ReactNode } from "react";
import { FormError } from "./FormError";
import { SaveCancelButtons } from "./FormButtons";

/**
 * The frame of an inline edit form: Escape cancels, the fields are disabled
 * while saving, Save/Cancel follow the fields and a form-level error goes last.
 */
export function EditForm({
  label,
  onSubmit,
  onCancel,
  saving,
  formError,
  fieldsetClassName,
  buttonsClassName,
  children,
}: {
  label: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  saving: boolean;
  formError: string | null;
  fieldsetClassName: string;
  buttonsClassName: string;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onCancel();
      }}
      noValidate
      aria-label={label}
    >
      <fieldset disabled={saving} className={fieldsetClassName}>
        {children}
        <SaveCancelButtons
          saving={saving}
          onCancel={onCancel}
          className={buttonsClassName}
        />
      </fieldset>
      <FormError message={formError} />
    </form>
  );
}

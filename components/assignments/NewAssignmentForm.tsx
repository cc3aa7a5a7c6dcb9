"use client";

import { useRef, type FormEvent } from "react";
import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { TextField } from "../ui/TextField";
import {
  assignmentFormSchema,
  type AssignmentFormValues,
} from "../forms/schemas";
import { useValidatedSubmit } from "../forms/useValidatedSubmit";
import { useFormFields } from "../forms/useFormFields";
import { AddButton } from "../forms/FormButtons";
import { FormError } from "../forms/FormError";
import { createAssignmentLocally } from "../classes/optimistic";
import { dueDateInput } from "./dates";

const empty: AssignmentFormValues = { title: "", dueDate: "" };

export function NewAssignmentForm({
  classId,
  disabled = false,
}: {
  classId: Id<"classes">;
  disabled?: boolean;
}) {
  const create = useMutation(api.assignments.create).withOptimisticUpdate(
    createAssignmentLocally,
  );
  const { submit, errors, formError, saving, clearError } = useValidatedSubmit(
    assignmentFormSchema,
    (parsed) => create({ classId, ...parsed }),
  );
  const { values, setValues, field } = useFormFields(empty, errors, clearError);
  const titleRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (await submit(values)) setValues(empty);
    titleRef.current?.focus();
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Add an assignment"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <fieldset
        disabled={saving || disabled}
        className="grid gap-3 sm:grid-cols-[1fr_11rem_auto] sm:items-start"
      >
        <TextField
          ref={titleRef}
          label="Title"
          placeholder="e.g. Read chapter 4"
          autoComplete="off"
          {...field("title")}
        />
        <TextField label="Due date" {...dueDateInput} {...field("dueDate")} />
        <AddButton saving={saving} label="Add" />
      </fieldset>
      <FormError message={formError} />
    </form>
  );
}

"use client";

import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { Button } from "../ui/Button";
import { TextField } from "../ui/TextField";
import {
  assignmentFormSchema,
  type AssignmentFormValues,
} from "../forms/schemas";
import { useValidatedSubmit } from "../forms/useValidatedSubmit";
import { createAssignmentLocally } from "../classes/optimistic";

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
  const [values, setValues] = useState<AssignmentFormValues>(empty);
  const { submit, errors, formError, saving, clearError } = useValidatedSubmit(
    assignmentFormSchema,
    (parsed) => create({ classId, ...parsed }),
  );
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
          name="title"
          placeholder="e.g. Read chapter 4"
          autoComplete="off"
          value={values.title}
          error={errors.title}
          onChange={(event) => {
            const title = event.target.value;
            setValues((current) => ({ ...current, title }));
            clearError("title");
          }}
        />
        <TextField
          label="Due date"
          name="dueDate"
          type="date"
          value={values.dueDate}
          error={errors.dueDate}
          onChange={(event) => {
            const dueDate = event.target.value;
            setValues((current) => ({ ...current, dueDate }));
            clearError("dueDate");
          }}
        />
        <Button type="submit" className="sm:mt-6">
          {saving ? "Adding…" : "Add"}
        </Button>
      </fieldset>
      {formError ? (
        <p role="alert" className="mt-3 text-sm text-rose-600">
          {formError}
        </p>
      ) : null}
    </form>
  );
}

"use client";

import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import { TextField } from "../ui/TextField";
import { classFormSchema, type ClassFormValues } from "../forms/schemas";
import { useValidatedSubmit } from "../forms/useValidatedSubmit";
import { useFormFields } from "../forms/useFormFields";
import { AddButton } from "../forms/FormButtons";
import { FormError } from "../forms/FormError";
import { createClassLocally } from "./optimistic";

const empty: ClassFormValues = { name: "", section: "", term: "" };

export function NewClassForm({ disabled = false }: { disabled?: boolean }) {
  const create = useMutation(api.classes.create).withOptimisticUpdate(
    createClassLocally,
  );
  const { submit, errors, formError, saving, clearError } = useValidatedSubmit(
    classFormSchema,
    create,
  );
  const { values, setValues, field } = useFormFields(empty, errors, clearError);
  const nameRef = useRef<HTMLInputElement>(null);
  const [announcement, setAnnouncement] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const saved = await submit(values);
    if (saved) {
      setValues(empty);
      setAnnouncement(`Created “${values.name.trim()}”`);
    }
    nameRef.current?.focus();
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="New class"
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 className="text-base font-semibold text-slate-900">Add a class</h2>
      <fieldset
        disabled={saving || disabled}
        className="mt-3 grid gap-3 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-start"
      >
        <TextField
          ref={nameRef}
          label="Name"
          placeholder="e.g. Biology 101"
          autoComplete="off"
          {...field("name")}
        />
        <TextField
          label="Section"
          placeholder="Optional"
          autoComplete="off"
          {...field("section")}
        />
        <TextField
          label="Term"
          placeholder="Optional"
          autoComplete="off"
          {...field("term")}
        />
        <AddButton saving={saving} label="Add class" />
      </fieldset>
      <FormError message={formError} />
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </form>
  );
}

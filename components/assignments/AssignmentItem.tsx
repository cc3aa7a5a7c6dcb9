"use client";

import { useState } from "react";
import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { formErrorMessage } from "@/lib/errorHandling";
import { Button } from "../ui/Button";
import { TextField } from "../ui/TextField";
import { assignmentFormSchema } from "../forms/schemas";
import { useEditForm } from "../forms/useEditForm";
import { EditForm } from "../forms/EditForm";
import {
  isOptimisticId,
  removeAssignmentLocally,
  setDoneLocally,
} from "../classes/optimistic";
import { dueDateInput, formatDueDate } from "./dates";

export function AssignmentItem({
  assignment,
  today,
  disabled = false,
}: {
  assignment: Doc<"assignments">;
  /** `YYYY-MM-DD` in the viewer's zone; null until mounted (server HTML has no "overdue"). */
  today: string | null;
  disabled?: boolean;
}) {
  const { classId } = assignment;
  const setDone = useMutation(api.assignments.setDone).withOptimisticUpdate(
    (store, args) => setDoneLocally(store, args, classId),
  );
  const remove = useMutation(api.assignments.remove).withOptimisticUpdate(
    (store, args) => removeAssignmentLocally(store, args, classId),
  );
  const [mode, setMode] = useState<"idle" | "editing" | "confirmDelete">(
    "idle",
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const pending = isOptimisticId(assignment._id);
  const overdue =
    !assignment.done &&
    today !== null &&
    assignment.dueDate !== undefined &&
    assignment.dueDate < today;

  function run(action: () => Promise<unknown>) {
    setActionError(null);
    action().catch((error: unknown) => setActionError(formErrorMessage(error)));
  }

  if (mode === "editing") {
    return (
      <li className="rounded-lg border border-indigo-200 bg-white p-4 shadow-sm">
        <EditAssignmentForm
          assignment={assignment}
          onDone={() => setMode("idle")}
        />
      </li>
    );
  }

  const checkboxId = `done-${assignment._id}`;
  const confirmId = `confirm-delete-${assignment._id}`;
  return (
    <li
      data-testid="assignment-item"
      data-done={assignment.done}
      aria-busy={pending || undefined}
      className={`flex flex-col gap-2 rounded-lg border bg-white p-3 shadow-sm sm:flex-row sm:items-center sm:gap-3 ${
        pending ? "opacity-70" : ""
      } ${overdue ? "border-rose-200" : "border-slate-200"}`}
    >
      {/* Phones: checkbox and title on one row, date and buttons below it,
          so a long title gets the full width instead of one letter per line. */}
      <div className="flex min-w-0 flex-1 items-start gap-3">
        <input
          id={checkboxId}
          type="checkbox"
          checked={assignment.done}
          disabled={pending || disabled}
          onChange={(event) =>
            run(() =>
              setDone({
                assignmentId: assignment._id,
                done: event.target.checked,
              }),
            )
          }
          className="mt-0.5 h-5 w-5 shrink-0 cursor-pointer rounded border-slate-300 accent-indigo-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
        />
        <label
          htmlFor={checkboxId}
          data-testid="assignment-title"
          className={`min-w-0 flex-1 cursor-pointer wrap-anywhere ${
            assignment.done ? "text-slate-400 line-through" : "text-slate-800"
          }`}
        >
          {assignment.title}
        </label>
      </div>
      {mode === "confirmDelete" ? (
        <div
          role="alertdialog"
          aria-labelledby={confirmId}
          className="flex flex-wrap items-center gap-2 rounded-md bg-rose-50 p-2 sm:flex-nowrap"
        >
          <p id={confirmId} className="w-full text-sm text-rose-900 sm:w-auto">
            Delete this assignment?
          </p>
          <Button
            variant="danger"
            className="px-2 py-1"
            autoFocus
            onClick={() => {
              setMode("idle");
              run(() => remove({ assignmentId: assignment._id }));
            }}
          >
            Delete
          </Button>
          <Button
            variant="secondary"
            className="px-2 py-1"
            onClick={() => setMode("idle")}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <div className="flex shrink-0 flex-wrap items-center justify-between gap-2 pl-8 sm:flex-nowrap sm:pl-0">
          {assignment.dueDate ? (
            <span
              className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${
                overdue
                  ? "bg-rose-50 text-rose-700"
                  : "bg-slate-100 text-slate-600"
              }`}
            >
              {overdue ? "Overdue · " : "Due "}
              <time dateTime={assignment.dueDate}>
                {formatDueDate(assignment.dueDate)}
              </time>
            </span>
          ) : null}
          <div className="ml-auto flex shrink-0 gap-1">
            <Button
              variant="ghost"
              className="px-2 py-1"
              disabled={pending || disabled}
              onClick={() => setMode("editing")}
              aria-label={`Edit “${assignment.title}”`}
            >
              Edit
            </Button>
            <Button
              variant="ghost"
              className="px-2 py-1 text-rose-600 hover:bg-rose-50 hover:text-rose-700"
              disabled={pending || disabled}
              onClick={() => {
                setActionError(null);
                setMode("confirmDelete");
              }}
              aria-label={`Delete “${assignment.title}”`}
            >
              Delete
            </Button>
          </div>
        </div>
      )}
      {actionError ? (
        <p role="alert" className="w-full text-sm text-rose-600">
          {actionError}
        </p>
      ) : null}
    </li>
  );
}

function EditAssignmentForm({
  assignment,
  onDone,
}: {
  assignment: Doc<"assignments">;
  onDone: () => void;
}) {
  const update = useMutation(api.assignments.update);
  const { field, saving, formError, onSubmit } = useEditForm(
    assignmentFormSchema,
    { title: assignment.title, dueDate: assignment.dueDate ?? "" },
    (parsed) => update({ assignmentId: assignment._id, ...parsed }),
    onDone,
  );

  return (
    <EditForm
      label={`Edit “${assignment.title}”`}
      onSubmit={onSubmit}
      onCancel={onDone}
      saving={saving}
      formError={formError}
      fieldsetClassName="grid gap-3 sm:grid-cols-[1fr_11rem] sm:items-start"
      buttonsClassName="sm:col-span-2"
    >
      <TextField label="Title" autoFocus {...field("title")} />
      <TextField label="Due date" {...dueDateInput} {...field("dueDate")} />
    </EditForm>
  );
}

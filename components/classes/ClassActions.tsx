"use client";

import { useState } from "react";
import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import type { Doc } from "@/convex/_generated/dataModel";
import { formErrorMessage } from "@/lib/errorHandling";
import { Button } from "../ui/Button";
import { TextField } from "../ui/TextField";
import { classFormSchema } from "../forms/schemas";
import { useEditForm } from "../forms/useEditForm";
import { EditForm } from "../forms/EditForm";
import { leaveDeletedClass, markDeleting, unmarkDeleting } from "./deletedHere";
import { setArchivedLocally } from "./optimistic";

type Mode = "idle" | "editing" | "confirmDelete";

/** Edit, archive/restore and delete (with a confirmation step) for one class. */
export function ClassActions({
  found,
  disabled,
}: {
  found: Doc<"classes">;
  disabled: boolean;
}) {
  const setArchived = useMutation(api.classes.setArchived).withOptimisticUpdate(
    setArchivedLocally,
  );
  const remove = useMutation(api.classes.remove);
  const [mode, setMode] = useState<Mode>("idle");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function deleteClass() {
    setBusy(true);
    setError(null);
    markDeleting(found._id);
    try {
      await remove({ classId: found._id });
      leaveDeletedClass(found._id);
    } catch (caught) {
      unmarkDeleting(found._id);
      setError(formErrorMessage(caught));
      setBusy(false);
    }
  }

  if (mode === "editing") {
    return <EditClassForm found={found} onDone={() => setMode("idle")} />;
  }

  return (
    <div className="flex flex-col gap-2">
      {mode === "confirmDelete" ? (
        <div
          key="confirm"
          role="alertdialog"
          aria-labelledby="confirm-delete-text"
          className="flex flex-wrap items-center gap-2 rounded-lg border border-rose-200 bg-rose-50 p-3"
        >
          <p
            id="confirm-delete-text"
            className="min-w-0 flex-1 basis-48 text-sm wrap-anywhere text-rose-900"
          >
            Delete “{found.name}” and all its assignments? This can’t be undone.
          </p>
          <Button
            variant="danger"
            disabled={busy}
            onClick={deleteClass}
            autoFocus
          >
            {busy ? "Deleting…" : "Delete class"}
          </Button>
          <Button
            variant="secondary"
            disabled={busy}
            onClick={() => setMode("idle")}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <div key="actions" className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            disabled={disabled}
            onClick={() => setMode("editing")}
          >
            Edit details
          </Button>
          <Button
            variant="secondary"
            disabled={disabled}
            onClick={() => {
              setError(null);
              setArchived({
                classId: found._id,
                archived: !found.archived,
              }).catch((caught: unknown) => setError(formErrorMessage(caught)));
            }}
          >
            {found.archived ? "Restore" : "Archive"}
          </Button>
          <Button
            variant="ghost"
            className="text-rose-600 hover:bg-rose-50 hover:text-rose-700"
            disabled={disabled}
            onClick={() => setMode("confirmDelete")}
          >
            Delete
          </Button>
        </div>
      )}
      {error ? (
        <p role="alert" className="text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function EditClassForm({
  found,
  onDone,
}: {
  found: Doc<"classes">;
  onDone: () => void;
}) {
  const update = useMutation(api.classes.update);
  const { field, saving, formError, onSubmit } = useEditForm(
    classFormSchema,
    { name: found.name, section: found.section ?? "", term: found.term ?? "" },
    (parsed) => update({ classId: found._id, ...parsed }),
    onDone,
  );

  return (
    <EditForm
      label="Edit class"
      onSubmit={onSubmit}
      onCancel={onDone}
      saving={saving}
      formError={formError}
      fieldsetClassName="grid gap-3 sm:grid-cols-[2fr_1fr_1fr]"
      buttonsClassName="sm:col-span-3"
    >
      <TextField label="Name" autoFocus {...field("name")} />
      <TextField label="Section" {...field("section")} />
      <TextField label="Term" {...field("term")} />
    </EditForm>
  );
}

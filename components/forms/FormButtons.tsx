import { Button } from "../ui/Button";

/** Submit for an "add" form; its label switches while the request is out. */
export function AddButton({
  saving,
  label,
}: {
  saving: boolean;
  label: string;
}) {
  return (
    <Button type="submit" className="sm:mt-6">
      {saving ? "Adding…" : label}
    </Button>
  );
}

/** Save and Cancel for an inline edit form. */
export function SaveCancelButtons({
  saving,
  onCancel,
  className,
}: {
  saving: boolean;
  onCancel: () => void;
  className: string;
}) {
  return (
    <div className={`flex gap-2 ${className}`}>
      <Button type="submit">{saving ? "Saving…" : "Save"}</Button>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}

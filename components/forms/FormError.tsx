/** The form-level error (one not tied to a field), announced when it appears. */
export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="mt-3 text-sm text-rose-600">
      {message}
    </p>
  ) : null;
}

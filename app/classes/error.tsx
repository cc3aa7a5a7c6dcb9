"use client";

import { ErrorFallback } from "@/components/ErrorBoundary";

/** Errors that escape the pages' own handling, shown with the same fallback. */
export default function ClassesError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      <ErrorFallback
        error={error}
        reset={reset}
        backHref="/"
        backLabel="Home"
      />
    </main>
  );
}

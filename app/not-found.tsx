import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/Button";
import { StatusPanel } from "@/components/ui/StatusPanel";

export const metadata: Metadata = { title: "Page not found · Classroom" };

/** Any URL no route matches (and `notFound()` outside a segment with its own page). */
export default function NotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <div data-testid="page-not-found">
        <StatusPanel
          tone="quiet"
          title="Page not found"
          actions={
            <>
              <Link href="/classes" className={buttonClass()}>
                Go to your classes
              </Link>
              <Link href="/" className={buttonClass("secondary")}>
                Home
              </Link>
            </>
          }
        >
          There is nothing at this address. Check the link, or start from your
          classes.
        </StatusPanel>
      </div>
    </main>
  );
}

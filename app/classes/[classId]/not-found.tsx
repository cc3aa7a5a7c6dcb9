import Link from "next/link";
import { buttonClass } from "@/components/ui/Button";
import { StatusPanel } from "@/components/ui/StatusPanel";

export default function ClassNotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <div data-testid="class-not-found">
        <StatusPanel
          tone="quiet"
          title="Class not found"
          actions={
            <Link href="/classes" className={buttonClass("secondary")}>
              Back to your classes
            </Link>
          }
        >
          It may have been deleted, or it belongs to another account.
        </StatusPanel>
      </div>
    </main>
  );
}

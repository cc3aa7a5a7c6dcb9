import Link from "next/link";
import { buttonClass } from "../ui/Button";
import { StatusPanel } from "../ui/StatusPanel";

/**
 * A class that is not there for this user: deleted (perhaps in another tab) or
 * someone else's. An expected state, so a quiet notice rather than an alert.
 */
export function ClassNotFoundNotice() {
  return (
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
  );
}

import Link from "next/link";
import { serverConfig } from "@/lib/config";
import { ConnectionIndicator } from "./connection/ConnectionIndicator";
import { HeaderAccount } from "./HeaderAccount";

function showHarnessLink() {
  return (
    serverConfig().authHarnessEnabled ||
    process.env.NEXT_PUBLIC_AUTH_HARNESS === "true"
  );
}

const navLink =
  "rounded-md px-2 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

export function AppHeader() {
  return (
    <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/85 backdrop-blur">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:ring-2 focus:ring-indigo-500"
      >
        Skip to content
      </a>
      {/* One row at every width: on phones the wordmark hides behind its logo,
          so the connection label and the account menu keep their room. */}
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3 sm:gap-x-4 sm:px-6">
        <Link
          href="/"
          className="flex shrink-0 items-center gap-2 rounded-md font-semibold text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          <span
            aria-hidden="true"
            className="grid h-7 w-7 place-items-center rounded-lg bg-indigo-600 text-sm text-white"
          >
            C
          </span>
          <span className="sr-only sm:not-sr-only">Classroom</span>
        </Link>
        <nav aria-label="Main" className="flex shrink-0 items-center gap-1">
          <Link href="/classes" className={navLink}>
            Classes
          </Link>
          {showHarnessLink() ? (
            <Link href="/dev/auth-harness" className={navLink}>
              Auth harness
            </Link>
          ) : null}
        </nav>
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <ConnectionIndicator />
          <div className="min-w-0">
            <HeaderAccount />
          </div>
        </div>
      </div>
    </header>
  );
}

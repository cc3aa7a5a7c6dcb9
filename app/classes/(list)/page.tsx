import type { Metadata } from "next";
import { preloadQuery } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import { ClassesScreen } from "@/components/classes/ClassesScreen";
import {
  ACTIVE_PAGE_SIZE,
  ARCHIVED_PAGE_SIZE,
} from "@/components/classes/pageSizes";
import { LoadProblem } from "@/components/server/LoadProblem";
import { loadForUser } from "@/components/server/loadForUser";

export const metadata: Metadata = { title: "Your classes · Classroom" };

// Per-user data, fetched with this request's token: never cached or prerendered.
export const dynamic = "force-dynamic";

export default async function ClassesPage() {
  // Only the first page of each list is rendered here; the rest loads on request.
  const result = await loadForUser((options) =>
    Promise.all([
      preloadQuery(
        api.classes.listPage,
        {
          archived: false,
          paginationOpts: { numItems: ACTIVE_PAGE_SIZE, cursor: null },
        },
        options,
      ),
      preloadQuery(
        api.classes.listPage,
        {
          archived: true,
          paginationOpts: { numItems: ARCHIVED_PAGE_SIZE, cursor: null },
        },
        options,
      ),
    ]),
  );
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      {result.status === "ok" ? (
        <ClassesScreen active={result.value[0]} archived={result.value[1]} />
      ) : (
        <LoadProblem problem={result} retryHref="/classes" />
      )}
    </main>
  );
}

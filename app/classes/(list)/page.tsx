import type { Metadata } from "next";
import { preloadQuery } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import { ClassesScreen } from "@/components/classes/ClassesScreen";
import { LoadProblem } from "@/components/server/LoadProblem";
import { loadForUser } from "@/components/server/loadForUser";

export const metadata: Metadata = { title: "Your classes · Classroom" };

// Per-user data, fetched with this request's token: never cached or prerendered.
export const dynamic = "force-dynamic";

export default async function ClassesPage() {
  const result = await loadForUser((options) =>
    preloadQuery(api.classes.list, {}, options),
  );
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      {result.status === "ok" ? (
        <ClassesScreen preloaded={result.value} />
      ) : (
        <LoadProblem problem={result} retryHref="/classes" />
      )}
    </main>
  );
}

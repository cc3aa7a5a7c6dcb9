import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { preloadQuery, preloadedQueryResult } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import { ClassDetailScreen } from "@/components/classes/ClassDetailScreen";
import { LoadProblem } from "@/components/server/LoadProblem";
import { loadForUser } from "@/components/server/loadForUser";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ classId: string }> };

// Metadata and the page share one query (and one token) per request.
const load = cache((classId: string) =>
  loadForUser((options) => preloadQuery(api.classes.get, { classId }, options)),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { classId } = await params;
  const result = await load(classId);
  const found =
    result.status === "ok" ? preloadedQueryResult(result.value) : null;
  return {
    title: found ? `${found.class.name} · Classroom` : "Class · Classroom",
  };
}

export default async function ClassPage({ params }: Props) {
  const { classId } = await params;
  const result = await load(classId);
  // A missing, deleted or foreign class reads null: answer with the 404 page.
  if (
    (result.status === "ok" && preloadedQueryResult(result.value) === null) ||
    (result.status === "error" && result.error.kind === "notFound")
  ) {
    notFound();
  }
  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      {result.status === "ok" ? (
        <ClassDetailScreen classId={classId} preloaded={result.value} />
      ) : (
        <LoadProblem
          problem={result}
          retryHref={`/classes/${encodeURIComponent(classId)}`}
        />
      )}
    </main>
  );
}

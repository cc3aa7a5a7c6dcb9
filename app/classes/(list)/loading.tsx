import { CardGridSkeleton, Skeleton } from "@/components/ui/Skeleton";

export default function ClassesLoading() {
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="mt-2 h-4 w-64" />
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <Skeleton className="h-5 w-32" />
        <Skeleton className="mt-4 h-10 w-full" />
      </div>
      <div className="mt-6">
        <CardGridSkeleton />
      </div>
    </main>
  );
}

import { ListSkeleton, Skeleton } from "@/components/ui/Skeleton";

export default function ClassLoading() {
  return (
    <main id="main" className="mx-auto w-full max-w-3xl px-4 py-8 sm:px-6">
      <Skeleton className="h-4 w-24" />
      <div className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="mt-2 h-4 w-1/3" />
        <Skeleton className="mt-6 h-2 w-full" />
      </div>
      <div className="mt-6">
        <ListSkeleton />
      </div>
    </main>
  );
}

import type { ReactNode } from "react";

export function EmptyState({
  title,
  children,
  icon = "📚",
}: {
  title: string;
  children?: ReactNode;
  icon?: string;
}) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white/60 px-6 py-12 text-center">
      <span aria-hidden="true" className="text-4xl">
        {icon}
      </span>
      <h3 className="mt-3 text-base font-semibold text-slate-800">{title}</h3>
      {children ? (
        <div className="mt-1 max-w-sm text-sm text-slate-600">{children}</div>
      ) : null}
    </div>
  );
}

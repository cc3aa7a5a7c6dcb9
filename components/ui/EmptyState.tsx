import type { ReactNode } from "react";

type Icon = "book" | "list" | "check";

// Simple line icons drawn here, so nothing depends on an emoji font.
const paths: Record<Icon, string> = {
  book: "M4 5.5A2.5 2.5 0 0 1 6.5 3H20v15H6.5A2.5 2.5 0 0 0 4 20.5v-15ZM4 20.5A2.5 2.5 0 0 0 6.5 23H20v-5",
  list: "M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01",
  check: "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20Zm-4.5-10 3 3 6-6",
};

export function EmptyState({
  title,
  children,
  icon = "book",
}: {
  title: string;
  children?: ReactNode;
  icon?: Icon;
}) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white/60 px-6 py-10 text-center">
      <span className="grid h-12 w-12 place-items-center rounded-full bg-indigo-50 text-indigo-600">
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.8}
          strokeLinecap="round"
          strokeLinejoin="round"
          className="h-6 w-6"
        >
          <path d={paths[icon]} />
        </svg>
      </span>
      <h3 className="mt-3 text-base font-semibold text-slate-800">{title}</h3>
      {children ? (
        <div className="mt-1 max-w-sm text-sm text-slate-600">{children}</div>
      ) : null}
    </div>
  );
}

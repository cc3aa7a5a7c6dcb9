import type { ReactNode } from "react";

type Tone = "info" | "warning" | "error" | "quiet";

const tones: Record<Tone, string> = {
  info: "border-indigo-200 bg-indigo-50 text-indigo-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  error: "border-rose-200 bg-rose-50 text-rose-900",
  quiet: "border-slate-200 bg-white text-slate-700",
};

/** A boxed message with an optional action row: errors, notices, "reconnecting". */
export function StatusPanel({
  title,
  tone = "info",
  children,
  actions,
  role = "status",
}: {
  title: string;
  tone?: Tone;
  children?: ReactNode;
  actions?: ReactNode;
  role?: "status" | "alert";
}) {
  return (
    <section
      role={role}
      className={`rounded-xl border p-5 shadow-sm ${tones[tone]}`}
    >
      <h2 className="text-base font-semibold wrap-anywhere">{title}</h2>
      {children ? (
        <div className="mt-1 text-sm wrap-anywhere opacity-90">{children}</div>
      ) : null}
      {actions ? (
        <div className="mt-4 flex flex-wrap items-center gap-2">{actions}</div>
      ) : null}
    </section>
  );
}

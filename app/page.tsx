import Link from "next/link";
import { SignInLink } from "@/lib/auth/SignInLink";
import { getConvexToken } from "@/lib/auth/serverToken";
import { buttonClass } from "@/components/ui/Button";

// The call to action depends on this request's session.
export const dynamic = "force-dynamic";

const features = [
  {
    title: "Classes and assignments",
    text: "Keep each class's work in one place, with due dates and progress.",
  },
  {
    title: "Live everywhere",
    text: "Changes show up in every open tab at once, no reload needed.",
  },
  {
    title: "Stays signed in",
    text: "Short-lived tokens refresh in the background while you work.",
  },
];

export default async function HomePage() {
  const signedIn = (await getConvexToken()) !== null;
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-12 sm:px-6">
      <section className="rounded-2xl bg-gradient-to-br from-indigo-600 to-violet-600 px-6 py-12 text-white shadow-lg sm:px-10">
        <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">
          Classroom
        </h1>
        <p className="mt-3 max-w-xl text-indigo-100">
          Track your classes and what&apos;s due, in real time.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          {signedIn ? (
            <Link
              href="/classes"
              data-testid="go-to-classes"
              className={buttonClass(
                "secondary",
                "border-transparent px-4 text-indigo-700",
              )}
            >
              Go to your classes →
            </Link>
          ) : (
            <SignInLink
              redirectUrl="/classes"
              className={buttonClass(
                "secondary",
                "border-transparent px-4 text-indigo-700",
              )}
            >
              Sign in to get started
            </SignInLink>
          )}
        </div>
      </section>
      <ul className="mt-10 grid gap-4 sm:grid-cols-3">
        {features.map((feature) => (
          <li
            key={feature.title}
            className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
          >
            <h2 className="font-semibold text-slate-900">{feature.title}</h2>
            <p className="mt-1 text-sm text-slate-600">{feature.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { serverConfig } from "@/lib/config";
import { ClientOnlyClasses } from "./ClientOnlyClasses";

export const metadata: Metadata = {
  title: "Classes, client-only loading",
  robots: { index: false },
};

// Rendered per request like /classes, so the only difference is where the data comes from.
export const dynamic = "force-dynamic";

/**
 * The class list without a server-side token: the HTML carries no data and the
 * browser loads it over the WebSocket once the Convex client is authenticated.
 * Exists for `npm run bench`, which times it against the server-rendered /classes.
 */
export default function ClientOnlyClassesPage() {
  if (!serverConfig().authHarnessEnabled) notFound();
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-8 sm:px-6">
      <ClientOnlyClasses />
    </main>
  );
}

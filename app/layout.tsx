import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ClerkProvider } from "@clerk/nextjs";
import { ConvexClientProvider } from "@/components/ConvexClientProvider";
import { AppHeader } from "@/components/AppHeader";
import { ConnectionBanner } from "@/components/connection/ConnectionBanner";
import { signInPath } from "@/lib/auth/paths";
import "./globals.css";

export const metadata: Metadata = {
  title: "Classroom · Convex + Clerk refresh reference",
  description:
    "A classroom app on the official Convex + Clerk provider path, with an auth refresh harness.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <ClerkProvider signInUrl={signInPath} afterSignOutUrl="/">
      <html lang="en">
        <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
          <ConvexClientProvider>
            <AppHeader />
            <ConnectionBanner />
            {children}
          </ConvexClientProvider>
        </body>
      </html>
    </ClerkProvider>
  );
}

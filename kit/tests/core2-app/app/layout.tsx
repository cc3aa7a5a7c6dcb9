import { ClerkProvider } from "@clerk/nextjs";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import ConvexClientProvider from "../components/ConvexClientProvider";

export const metadata: Metadata = {
  title: "Numbers: Convex + Next.js + Clerk",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* dynamic: server components see the session during rendering. */}
        <ClerkProvider dynamic>
          <ConvexClientProvider>{children}</ConvexClientProvider>
        </ClerkProvider>
      </body>
    </html>
  );
}

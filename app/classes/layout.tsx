import type { ReactNode } from "react";
import { requireSignedInUser } from "@/lib/auth/requireUser";

// Signed-in users only: a signed-out visit is sent to sign in and brought back here.
export default async function SignedInLayout({
  children,
}: {
  children: ReactNode;
}) {
  await requireSignedInUser();
  return children;
}

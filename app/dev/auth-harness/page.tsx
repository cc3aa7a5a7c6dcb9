import type { Metadata } from "next";
import { AuthHarnessPage } from "@/harness/ui/AuthHarnessPage";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Auth refresh harness",
  robots: { index: false },
};

export default AuthHarnessPage;

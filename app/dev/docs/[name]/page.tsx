import type { Metadata } from "next";
import { HarnessDocPage } from "@/harness/ui/HarnessDocPage";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Harness documentation",
  robots: { index: false },
};

export default HarnessDocPage;

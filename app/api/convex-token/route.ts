export { GET } from "@/harness/server/convexTokenRoute";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

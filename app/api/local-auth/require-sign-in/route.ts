import { signInRedirect } from "@/lib/auth/signInRedirect";

// The local middleware rewrites signed-out requests for protected pages here.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = signInRedirect;
export const HEAD = signInRedirect;
export const POST = signInRedirect;
export const PUT = signInRedirect;
export const PATCH = signInRedirect;
export const DELETE = signInRedirect;

import { authMiddleware } from "@/lib/auth/middleware";

// All logic lives in lib/auth/; this file only wires it in.
export default authMiddleware;

export const config = {
  matcher: [
    // Everything except Next.js internals and static files…
    "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)",
    // …and always API routes.
    "/(api|trpc)(.*)",
  ],
};

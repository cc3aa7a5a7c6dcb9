import { createClerkClient } from "@clerk/backend";
import { kitEnv } from "./stack";

/**
 * A one-time sign-in token for the user with this email, minted through the
 * Clerk stand-in's Backend API, as a test against real Clerk would do it.
 */
export async function mintSignInToken(email: string): Promise<string> {
  const clerkClient = createClerkClient({
    secretKey: kitEnv("CLERK_SECRET_KEY"),
    apiUrl: kitEnv("CLERK_API_URL"),
  });
  const { data: users } = await clerkClient.users.getUserList({
    emailAddress: [email],
  });
  const user = users[0];
  if (!user) throw new Error(`The Clerk stand-in has no user ${email}.`);
  const { token } = await clerkClient.signInTokens.createSignInToken({
    userId: user.id,
    expiresInSeconds: 300,
  });
  return token;
}

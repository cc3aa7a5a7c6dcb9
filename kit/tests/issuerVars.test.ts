import { describe, expect, it } from "vitest";
import { issuerVars } from "../issuerVars";

describe("the issuer variables of an auth.config", () => {
  it("finds the variable Clerk's guide uses", () => {
    const source = `export default {
  providers: [{ domain: process.env.CLERK_JWT_ISSUER_DOMAIN!, applicationID: "convex" }],
} satisfies AuthConfig;`;
    expect(issuerVars(source, {})).toEqual({
      names: ["CLERK_JWT_ISSUER_DOMAIN"],
      warning: null,
    });
  });

  it("finds other names, bracket reads and customJwt issuers, once each", () => {
    const source = `export default { providers: [
  { domain: process.env["CLERK_FRONTEND_API_URL"], applicationID: process.env.APP_ID },
  { type: "customJwt", issuer: process.env.CLERK_ISSUER_URL, jwks: "x", algorithm: "RS256" },
  { domain: process.env.CLERK_FRONTEND_API_URL, applicationID: "convex" },
] };`;
    expect(issuerVars(source, {}).names).toEqual([
      "CLERK_FRONTEND_API_URL",
      "CLERK_ISSUER_URL",
    ]);
  });

  it("falls back to every variable read when the issuer sits in a constant", () => {
    const source = `const issuer = process.env.AUTH_ISSUER ?? "";
export default { providers: [{ domain: issuer, applicationID: "convex" }] };`;
    expect(issuerVars(source, {}).names).toEqual(["AUTH_ISSUER"]);
  });

  it("leaves names given with --convex-env to the caller", () => {
    const source = `export default { providers: [
  { domain: process.env.CLERK_JWT_ISSUER_DOMAIN, applicationID: "convex" },
  { domain: process.env.OTHER_ISSUER, applicationID: "convex" },
] };`;
    expect(
      issuerVars(source, { OTHER_ISSUER: "https://accounts.example" }).names,
    ).toEqual(["CLERK_JWT_ISSUER_DOMAIN"]);
  });

  it("warns when the file reads no variable at all", () => {
    const result = issuerVars(
      `export default { providers: [{ domain: "https://clerk.example.com", applicationID: "convex" }] };`,
      {},
    );
    expect(result.names).toEqual(["CLERK_JWT_ISSUER_DOMAIN"]);
    expect(result.warning).toBe(
      "auth.config reads no environment variable, so Convex will accept the Clerk stand-in's tokens only if its domain is the stand-in's issuer; the kit still sets CLERK_JWT_ISSUER_DOMAIN in the app's env.",
    );
  });
});

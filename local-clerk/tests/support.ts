import { decodeJwt, decodeProtectedHeader } from "jose";
import { startClerkStandIn, type ClerkStandInOptions } from "../server";

export const ADMIN_KEY = "test-admin-key-0123456789";
export const PASSWORD = "classroom-dev-password";

export async function startTestStandIn(
  options: Partial<ClerkStandInOptions> = {},
) {
  return startClerkStandIn({
    port: 0,
    dataDir: null,
    adminKey: ADMIN_KEY,
    ...options,
  });
}

export type StandIn = Awaited<ReturnType<typeof startTestStandIn>>;

export function claims(jwt: string) {
  return decodeJwt(jwt) as Record<string, unknown> & {
    iat: number;
    exp: number;
    nbf: number;
    jti: string;
  };
}

export function header(jwt: string) {
  return decodeProtectedHeader(jwt) as Record<string, unknown>;
}

/** A tiny FAPI client speaking clerk-js's wire format (form bodies, _method). */
export class FapiClient {
  devBrowser = "";
  constructor(
    readonly standIn: StandIn,
    readonly origin = "http://localhost:4399",
  ) {}

  async call(
    method: string,
    path: string,
    form: Record<string, string> = {},
    query: Record<string, string> = {},
  ) {
    const url = new URL(`${this.standIn.url}/__clerk/v1${path}`);
    const wire = method === "GET" ? "GET" : "POST";
    if (wire !== method) url.searchParams.set("_method", method);
    if (this.devBrowser)
      url.searchParams.set("__clerk_db_jwt", this.devBrowser);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await fetch(url, {
      method: wire,
      headers: {
        origin: this.origin,
        ...(wire === "POST"
          ? { "content-type": "application/x-www-form-urlencoded" }
          : {}),
      },
      body: wire === "POST" ? new URLSearchParams(form).toString() : undefined,
      redirect: "manual",
    });
    const text = await response.text();
    let body: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: response.status, body, headers: response.headers };
  }

  async start() {
    const res = await this.call("POST", "/dev_browser");
    this.devBrowser = res.body.id;
    return this;
  }

  /** Signs in with identifier + password in one call; returns the session id. */
  async signIn(email = "teacher@example.com", password = PASSWORD) {
    const res = await this.call("POST", "/client/sign_ins", {
      identifier: email,
      password,
    });
    if (res.status !== 200)
      throw new Error(`sign-in failed: ${JSON.stringify(res.body)}`);
    return res.body.response.created_session_id as string;
  }

  async token(sessionId: string, form: Record<string, string> = {}) {
    const res = await this.call(
      "POST",
      `/client/sessions/${sessionId}/tokens`,
      form,
    );
    return res;
  }
}

export async function bapi(
  standIn: StandIn,
  method: string,
  path: string,
  body?: unknown,
  secret: string | null = standIn.secretKey,
) {
  const response = await fetch(`${standIn.url}/bapi/v1${path}`, {
    method,
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function admin(
  standIn: StandIn,
  method: string,
  path: string,
  body?: unknown,
  key: string | null = ADMIN_KEY,
) {
  const response = await fetch(`${standIn.url}/_admin${path}`, {
    method,
    headers: {
      ...(key ? { "x-admin-key": key } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body:
      body === undefined
        ? undefined
        : typeof body === "string"
          ? body
          : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

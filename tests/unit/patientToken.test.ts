import { describe, expect, it, vi } from "vitest";
import {
  isTransientClerkFailure,
  patientToken,
  type PatientTokenDeps,
} from "@/lib/auth/patientToken";

const never = () => new Promise<never>(() => {});
const fast = { slowAfterMs: 5, probeEveryMs: 5 };

function apiError(status: number) {
  return Object.assign(new Error(`status ${status}`), { status });
}

function deps(overrides: Partial<PatientTokenDeps>): PatientTokenDeps {
  return {
    getToken: async () => "token",
    probe: async () => undefined,
    isCurrent: () => true,
    ...fast,
    ...overrides,
  };
}

describe("patientToken", () => {
  it("hands Clerk's token straight through when Clerk answers", async () => {
    const probe = vi.fn(async () => undefined);
    await expect(patientToken(deps({ probe }))).resolves.toBe("token");
    expect(probe).not.toHaveBeenCalled();
  });

  it("passes Clerk's null (no session) through without waiting", async () => {
    await expect(
      patientToken(deps({ getToken: async () => null })),
    ).resolves.toBeNull();
  });

  it("gives up at once on a 4xx other than 429: the session or template is gone", async () => {
    const probe = vi.fn(async () => undefined);
    const getToken = vi.fn(async () => {
      throw apiError(404);
    });
    await expect(patientToken(deps({ getToken, probe }))).resolves.toBeNull();
    expect(getToken).toHaveBeenCalledOnce();
    expect(probe).not.toHaveBeenCalled();
  });

  it("waits out an outage and fetches again as soon as a probe gets through", async () => {
    let clerkUp = false;
    let probes = 0;
    const getToken = vi
      .fn<() => Promise<string | null>>()
      // clerk-js's own retries keep the first call pending for minutes.
      .mockImplementationOnce(never)
      .mockImplementation(async () => "fresh");
    const probe = async () => {
      probes += 1;
      if (probes === 4) clerkUp = true;
      if (!clerkUp) throw new TypeError("Failed to fetch");
    };
    await expect(patientToken(deps({ getToken, probe }))).resolves.toBe(
      "fresh",
    );
    expect(probes).toBe(4);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it("keeps waiting through transient failures: network errors, 5xx and 429", async () => {
    const failures = [
      new TypeError("Failed to fetch"),
      apiError(503),
      apiError(429),
    ];
    const getToken = vi.fn(async () => {
      const failure = failures.shift();
      if (failure) throw failure;
      return "after-failures";
    });
    await expect(patientToken(deps({ getToken }))).resolves.toBe(
      "after-failures",
    );
    expect(getToken).toHaveBeenCalledTimes(4);
  });

  it("stops waiting with null once the session ends or changes", async () => {
    let current = true;
    let probes = 0;
    const result = patientToken(
      deps({
        getToken: never,
        probe: async () => {
          probes += 1;
          if (probes === 3) current = false;
          throw new TypeError("Failed to fetch");
        },
        isCurrent: () => current,
      }),
    );
    await expect(result).resolves.toBeNull();
  });

  it("uses the first call's token if it arrives while probing", async () => {
    let resolveFirst: (token: string) => void = () => {};
    const getToken = vi
      .fn<() => Promise<string | null>>()
      .mockImplementationOnce(
        () => new Promise((resolve) => (resolveFirst = resolve)),
      );
    let probes = 0;
    const probe = async () => {
      probes += 1;
      if (probes === 2) resolveFirst("late-but-fine");
      throw new TypeError("Failed to fetch");
    };
    await expect(patientToken(deps({ getToken, probe }))).resolves.toBe(
      "late-but-fine",
    );
    expect(getToken).toHaveBeenCalledOnce();
  });

  it("never runs more than three token requests at once, however often probes succeed", async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const getToken = () => {
      calls += 1;
      running += 1;
      most = Math.max(most, running);
      if (calls < 8) return never();
      running -= 1;
      return Promise.resolve("eventually");
    };
    // Probes always succeed: only the token endpoint is failing.
    let probes = 0;
    const probe = async () => {
      probes += 1;
    };
    const result = await Promise.race([
      patientToken(deps({ getToken, probe })),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200)),
    ]);
    expect(result).toBe("still waiting");
    expect(most).toBe(3);
    expect(probes).toBeGreaterThan(3);
  });

  it("does not hang on a probe that never answers", async () => {
    let probes = 0;
    const result = patientToken(
      deps({
        getToken: never,
        probe: () => {
          probes += 1;
          return never();
        },
        isCurrent: () => probes < 3,
      }),
    );
    await expect(result).resolves.toBeNull();
  });
});

describe("isTransientClerkFailure", () => {
  it("treats no answer, 5xx and 429 as transient, other 4xx as final", () => {
    expect(isTransientClerkFailure(new TypeError("Failed to fetch"))).toBe(
      true,
    );
    expect(isTransientClerkFailure(apiError(500))).toBe(true);
    expect(isTransientClerkFailure(apiError(429))).toBe(true);
    expect(isTransientClerkFailure(apiError(401))).toBe(false);
    expect(isTransientClerkFailure(apiError(404))).toBe(false);
  });
});

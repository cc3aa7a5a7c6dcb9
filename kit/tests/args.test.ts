import { describe, expect, it } from "vitest";
import { parseArgs } from "../args";
import { KitError } from "../errors";

function problem(argv: string[]): KitError {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(KitError);
    return error as KitError;
  }
  throw new Error(`parseArgs accepted ${argv.join(" ")}`);
}

describe("kit arguments", () => {
  it("reads every start option, in both spellings, after npm's --", () => {
    expect(
      parseArgs([
        "--",
        "start",
        "--app",
        "../app",
        "--env-file=.env.test.local",
        "--clerk-port",
        "0",
        "--convex-port=4711",
        "--control-port",
        "4712",
        "--data",
        "/tmp/data",
        "--convex-env",
        "A=1",
        "--convex-env=B=x=y",
        "--convex-env",
        "A=2",
      ]),
    ).toEqual({
      command: "start",
      app: "../app",
      envFile: ".env.test.local",
      clerkPort: 0,
      convexPort: 4711,
      controlPort: 4712,
      data: "/tmp/data",
      convexEnv: { A: "2", B: "x=y" },
    });
  });

  it("treats no command, help and --help as help", () => {
    expect(parseArgs([])).toEqual({ command: "help" });
    expect(parseArgs(["help"])).toEqual({ command: "help" });
    expect(parseArgs(["start", "--help"])).toEqual({ command: "help" });
  });

  it.each([
    [["stop"], 'Unknown command "stop"; the commands are start and help.'],
    [["start"], "Give the app folder with --app <folder>."],
    [
      ["start", "--app", ".", "--verbose"],
      "Unknown option --verbose; the options are --app, --env-file, --clerk-port, --convex-port, --control-port, --data, --convex-env.",
    ],
    [
      ["start", "--app", ".", "extra"],
      'Unexpected argument "extra"; options start with -- (--app, --env-file, --clerk-port, --convex-port, --control-port, --data, --convex-env).',
    ],
    [["start", "--app"], "--app needs a value: --app <folder>."],
    [["start", "--app", "--data", "x"], "--app needs a value: --app <folder>."],
    [["start", "--app="], "--app needs a value: --app <folder>."],
    [["start", "--app", "a", "--app", "b"], "--app was given more than once."],
    [
      ["start", "--app", ".", "--clerk-port", "99999"],
      '--clerk-port must be a whole number from 0 to 65535 (0 picks a free port), got "99999".',
    ],
    [
      ["start", "--app", ".", "--convex-port", "-1"],
      '--convex-port must be a whole number from 0 to 65535 (0 picks a free port), got "-1".',
    ],
    [
      ["start", "--app", ".", "--control-port", "12.5"],
      '--control-port must be a whole number from 0 to 65535 (0 picks a free port), got "12.5".',
    ],
    [
      ["start", "--app", ".", "--convex-env", "NOVALUE"],
      '--convex-env needs NAME=VALUE, got "NOVALUE".',
    ],
    [
      ["start", "--app", ".", "--convex-env", "1BAD=x"],
      '--convex-env: "1BAD" is not a Convex environment variable name (a letter, then up to 39 letters, digits or underscores).',
    ],
    [
      ["start", "--app", ".", "--convex-env", `BIG=${"x".repeat(8193)}`],
      "--convex-env: the value of BIG is longer than Convex's 8192 bytes.",
    ],
  ])("%j is refused with one sentence", (argv, sentence) => {
    const error = problem(argv);
    expect(error.message).toBe(sentence);
    expect(error.exitCode).toBe(2);
  });
});

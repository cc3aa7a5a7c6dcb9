/**
 * Single keys in an interactive terminal: each restarts a piece or quits. Raw
 * mode turns Ctrl-C into a key too, so it quits like `q`.
 */
export type KeyActions = Record<string, () => void>;

export const CTRL_C = "\u0003";

/** Listens on `input` (a TTY) and returns a function that gives the terminal back. */
export function listenForKeys(
  actions: KeyActions,
  input: NodeJS.ReadStream = process.stdin,
): () => void {
  if (!input.isTTY) return () => {};
  input.setRawMode(true);
  input.setEncoding("utf8");
  const onData = (chunk: string) => {
    for (const key of chunk) actions[key.toLowerCase()]?.();
  };
  input.on("data", onData);
  input.resume();
  return () => {
    input.off("data", onData);
    input.setRawMode(false);
    input.pause();
  };
}

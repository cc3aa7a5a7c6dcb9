import type { Value } from "convex/values";
import { decodeFunctionArgs, isRecord, RequestError } from "./clientInput";
import type { RunResult } from "./engine";

/** A client message that breaks the protocol; the socket is closed with 1008. */
export class ProtocolError extends Error {}

export type ClientMessage = Record<string, unknown> & { type: string };

/** One text frame as a client message. */
export function parseClientMessage(
  data: unknown,
  isBinary: boolean,
): ClientMessage {
  if (isBinary) throw new ProtocolError("binary frames are not supported");
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    throw new ProtocolError("malformed JSON");
  }
  if (!isRecord(message) || typeof message.type !== "string") {
    throw new ProtocolError("message is not an object with a type");
  }
  return message as ClientMessage;
}

export function requireInt(
  message: Record<string, unknown>,
  field: string,
): number {
  const value = message[field];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new ProtocolError(
      `${String(message.type)}.${field} must be a non-negative integer`,
    );
  }
  return value;
}

export function requireString(
  message: Record<string, unknown>,
  field: string,
): string {
  const value = message[field];
  if (typeof value !== "string") {
    throw new ProtocolError(
      `${String(message.type)}.${field} must be a string`,
    );
  }
  return value;
}

/** Function args travel as `[convexToJson(args)]`. */
export function decodeArgs(
  message: Record<string, unknown>,
): Record<string, Value> {
  const args = message.args;
  if (!Array.isArray(args) || args.length !== 1 || !isRecord(args[0])) {
    throw new ProtocolError(`${String(message.type)}.args must be [object]`);
  }
  try {
    return decodeFunctionArgs(args[0]);
  } catch (error) {
    if (error instanceof RequestError) throw new ProtocolError(error.message);
    throw error;
  }
}

export type AddedQuery = {
  queryId: number;
  udfPath: string;
  args: Record<string, Value>;
};

/** The Add and Remove entries of one ModifyQuerySet, all checked before any is applied. */
export function decodeQuerySetModifications(message: Record<string, unknown>): {
  added: AddedQuery[];
  removed: number[];
} {
  const modifications = message.modifications;
  if (!Array.isArray(modifications)) {
    throw new ProtocolError("ModifyQuerySet.modifications must be an array");
  }
  const added: AddedQuery[] = [];
  const removed: number[] = [];
  for (const modification of modifications) {
    if (!isRecord(modification)) throw new ProtocolError("bad modification");
    const queryId = requireInt(modification, "queryId");
    if (modification.type === "Add") {
      const udfPath = requireString(modification, "udfPath");
      added.push({ queryId, udfPath, args: decodeArgs(modification) });
    } else if (modification.type === "Remove") {
      removed.push(queryId);
    } else {
      throw new ProtocolError(
        `unknown query set modification ${String(modification.type)}`,
      );
    }
  }
  return { added, removed };
}

/** A MutationResponse or ActionResponse for a finished run; `ts` only for a committed mutation. */
export function functionResponse(
  type: "MutationResponse" | "ActionResponse",
  requestId: number,
  result: RunResult,
  ts?: string,
): Record<string, unknown> {
  if (result.success) {
    return {
      type,
      requestId,
      success: true,
      result: result.value,
      ...(ts !== undefined ? { ts } : {}),
      logLines: result.logLines,
    };
  }
  return {
    type,
    requestId,
    success: false,
    result: result.errorMessage,
    logLines: result.logLines,
    ...(result.errorData !== undefined ? { errorData: result.errorData } : {}),
  };
}

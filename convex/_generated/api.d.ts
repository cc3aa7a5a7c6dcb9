/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as assignments from "../assignments.js";
import type * as authQueries from "../authQueries.js";
import type * as classes from "../classes.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_limits from "../lib/limits.js";
import type * as lib_ownership from "../lib/ownership.js";
import type * as lib_text from "../lib/text.js";
import type * as lib_validation from "../lib/validation.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  assignments: typeof assignments;
  authQueries: typeof authQueries;
  classes: typeof classes;
  "lib/errors": typeof lib_errors;
  "lib/limits": typeof lib_limits;
  "lib/ownership": typeof lib_ownership;
  "lib/text": typeof lib_text;
  "lib/validation": typeof lib_validation;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

// Helpers for the protocol layer's unit tests.
import { ScimError } from "./errors";

/** The ScimError `fn` throws, for assertions on its status and scimType; anything else fails the test. */
export function catchScimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

/**
 * `fn()`, or undefined when it throws: for a read whose failure means "nothing there" to the caller (a folder that
 * cannot be listed, a file gone or not to be read), never for one whose error is to be reported.
 */
export function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

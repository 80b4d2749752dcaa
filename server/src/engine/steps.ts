// Work in steps: a generator yields between steps so a caller (the server's scheduler) can answer
// other requests in between; callers that want the result at once run it to its end.

/** Run a stepped computation to its end and return its result. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

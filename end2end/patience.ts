/**
 * How long the suite waits before calling something hung.
 *
 * Every time limit in the suite is written for a developer's machine and
 * passed through `patience`. Limits guard against a hang; they never measure
 * speed (that is `make bench`'s job). CI's machines have run the whole suite
 * three times slower than a developer's (a sign-in journey took over 30 s
 * there and 9 s here), and a limit that fails a correct test on a slow host
 * is a broken test.
 */
const SLOWEST_HOST = 3;

export function patience(milliseconds: number): number {
  return milliseconds * SLOWEST_HOST;
}

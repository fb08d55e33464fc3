/**
 * Whether to run the image and compose tests: only with OSPREY_TEST_DEPLOY=1, and never in the
 * PostgreSQL pass (a deployment brings its own database). They build the Osprey image, which takes
 * 2–6 minutes after a source change on this 2-core machine (9 on a cold cache): too long for
 * `npm test`'s 40-minute budget until the image is built from the suite's own `next build`.
 */
export function deployTestsWanted(): boolean {
  return process.env.OSPREY_TEST_DEPLOY === "1" && !process.env.OSPREY_TEST_POSTGRES_URL;
}

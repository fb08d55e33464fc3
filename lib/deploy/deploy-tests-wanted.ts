/**
 * Whether to run the image and compose tests: only with OSPREY_TEST_DEPLOY=1, and never in the
 * PostgreSQL pass (a deployment brings its own database). npm test runs them in a step of their own
 * after its production build, which the image then takes (OSPREY_IMAGE_NEXT_BUILD) instead of
 * building again; the integration passes leave them out.
 */
export function deployTestsWanted(): boolean {
  return process.env.OSPREY_TEST_DEPLOY === "1" && !process.env.OSPREY_TEST_POSTGRES_URL;
}

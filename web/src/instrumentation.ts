/** Runs once as `next start` (or `next dev`) starts: a misconfigured server stops here, naming the variable. */
export async function register() {
  // Next's own marker of the server runtime; the edge runtime has neither the environment nor node:fs.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  try {
    // Importing env.ts parses the environment; checkStartEnv adds what production requires.
    (await import("./env")).checkStartEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}

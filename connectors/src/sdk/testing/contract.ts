import { describe, expect, it } from "vitest";
import type { ActionDefinition, ConnectorDefinition, TriggerDefinition } from "../define";
import { NonRetryableError } from "../errors";
import { pollNewItems } from "../polling";
import { runAction } from "../run";
import { startFakeApi, type FakeApi, type FakeResponse, type FakeRoute } from "./fake-api";
import { createMockContext } from "./mock-context";

export interface OperationContract {
  connector: ConnectorDefinition;
  /** An action, or a polling trigger (run as one poll that includes existing items). */
  operation: ActionDefinition | TriggerDefinition;
  /** The props, or a function of the fake's URL for operations that take absolute URLs (http, feeds). */
  props: unknown;
  credentials?: unknown;
  /** Values besides the credentials that no error may show (a key in a feed URL, a header the step sends). */
  secrets?: string[];
  /** Appended to the fake's URL to form the base URL, for APIs whose base has a path ("/v1/"). */
  basePath?: string;
  /** The call under test: its method, path and the request check (auth header, body). */
  route: Omit<FakeRoute, "respond">;
  /** Calls the operation makes before `route` (lookups); they always answer as given. */
  before?: FakeRoute[];
  /** The provider's success answer, and what the operation returns for it. */
  ok: FakeResponse;
  expected: unknown;
  /** How this provider refuses bad credentials, and the message a user must see. */
  unauthorized: FakeResponse;
  unauthorizedError: string | RegExp;
  /** 2xx answers that break the API's promise; invalid JSON is always tried too. */
  malformed?: FakeResponse[];
}

const secretsOf = (credentials: unknown): string[] =>
  Object.values((credentials ?? {}) as Record<string, unknown>).filter(
    (v): v is string => typeof v === "string" && v.length >= 6,
  );

/**
 * The four cases every connector operation must pass against its fake: success,
 * a clear non-retryable auth failure that leaks no secret, 429 + Retry-After
 * waited out, and a malformed answer reported as such.
 */
export function describeOperation(name: string, c: OperationContract): void {
  let api: FakeApi | undefined;

  async function run(respond: FakeRoute["respond"]): Promise<unknown> {
    api = await startFakeApi([...(c.before ?? []), { ...c.route, respond }]);
    const props = typeof c.props === "function" ? (c.props as (fakeUrl: string) => unknown)(api.url) : c.props;
    const ctx = createMockContext(c.operation, {
      connector: c.connector,
      props,
      credentials: c.credentials,
      baseUrl: `${api.url}${c.basePath ?? "/"}`,
    });
    try {
      return "run" in c.operation
        ? await runAction(c.operation, ctx)
        : await pollNewItems(c.operation as TriggerDefinition, ctx, { includeExisting: true });
    } finally {
      await api.close();
    }
  }
  const callsToRoute = () => api!.requests.filter((r) => r.method === c.route.method && r.path === c.route.path).length;

  describe(name, () => {
    it("succeeds with the real request shape", async () => {
      expect(await run(c.ok)).toEqual(c.expected);
      expect(callsToRoute()).toBe(1);
    });

    it("reports an auth failure clearly, once, without the secret", async () => {
      const err = await run(c.unauthorized).then(
        () => expect.unreachable("the operation succeeded with refused credentials"),
        (e: unknown) => e as Error,
      );
      expect(err.message).toMatch(c.unauthorizedError);
      expect(err).toBeInstanceOf(NonRetryableError);
      for (const secret of [...secretsOf(c.credentials), ...(c.secrets ?? [])])
        expect(err.message).not.toContain(secret);
      expect(callsToRoute()).toBe(1);
    });

    it("waits out 429 Retry-After, then succeeds", async () => {
      const started = Date.now();
      const out = await run((_req, n) =>
        n === 1 ? { status: 429, headers: { "retry-after": "1" }, body: { error: "rate limited" } } : c.ok,
      );
      expect(out).toEqual(c.expected);
      expect(callsToRoute()).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    it.each([{ raw: "{not json" }, ...(c.malformed ?? [])])(
      "rejects a malformed answer (%j)",
      async (answer: FakeResponse) => {
        await expect(run(answer)).rejects.toThrow(/malformed/i);
      },
    );
  });
}

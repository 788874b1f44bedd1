// What callers see of failures nobody foresaw: never a raw Postgres message or
// a stack in production, from REST or tRPC.
import { parseKeyRing } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeAll, describe, expect, it } from "vitest";
import type { Services } from "../context";
import { publicProcedure, router } from "../trpc/init";
import { ApiError, errorResponse, INTERNAL_MESSAGE } from "./errors";

const t = useTestDatabase();
let prismaError: Error;

beforeAll(async () => {
  // A real one: Postgres refuses NUL in text, and says so in its message.
  prismaError = await t.db.$queryRaw`select ${"a\u0000b"}::text`.then(
    () => {
      throw new Error("Postgres took a NUL");
    },
    (err: Error) => err,
  );
  expect(prismaError.message).toMatch(/0x00|UTF8|invalid byte sequence/i);
});

/** The error a web process without SWITCHYARD_ENCRYPTION_KEY meets when it needs its key ring. */
function parseKeyRingWithout(): unknown {
  try {
    parseKeyRing({});
  } catch (err) {
    return err;
  }
  throw new Error("a key ring was made without a key");
}

const unknownError = () => new TypeError("Cannot read properties of undefined (reading 'secretColumn')");

describe("REST error answers", () => {
  it("say the installation lacks its encryption key as a 503 naming the variable, never as internal", async () => {
    const res = errorResponse(parseKeyRingWithout());
    expect(res.status).toBe(503);
    expect((await res.json()).error).toEqual({
      code: "encryption_not_configured",
      message: expect.stringContaining("SWITCHYARD_ENCRYPTION_KEY is not set"),
    });
  });

  it.each([
    ["an unknown error", unknownError],
    ["a Prisma error", () => prismaError],
  ])("are generic for %s", async (_name, error) => {
    const res = errorResponse(error());
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: INTERNAL_MESSAGE } });
    expect(text).not.toMatch(/secretColumn|UTF8|0x00|at .*\.ts/);
  });

  it("carry ApiErrors as they are", async () => {
    const res = errorResponse(new ApiError(404, "not_found", "No such run."));
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "No such run." } },
    });
  });
});

describe("tRPC error answers", () => {
  const appRouter = router({
    unknown: publicProcedure.query(() => {
      throw unknownError();
    }),
    prisma: publicProcedure.query(() => {
      throw prismaError;
    }),
    missing: publicProcedure.query(() => {
      throw new ApiError(404, "not_found", "No such run.");
    }),
  });
  const logged: unknown[] = [];
  const call = async (path: string, production: boolean) => {
    const services = {
      production,
      logger: { error: (...args: unknown[]) => logged.push(args), info: () => {}, warn: () => {} },
    } as unknown as Services;
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://localhost/api/trpc/${path}`),
      router: appRouter,
      createContext: () => ({
        services,
        authenticate: () => Promise.reject(new Error("these procedures need no caller")),
        signedInUserId: async () => null,
      }),
    });
    return { status: res.status, text: await res.text() };
  };

  it.each(["unknown", "prisma"])("in production are generic for %s errors, with no stack", async (path) => {
    const { status, text } = await call(path, true);
    expect(status).toBe(500);
    expect(JSON.parse(text).error).toMatchObject({
      message: INTERNAL_MESSAGE,
      data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path },
    });
    expect(JSON.parse(text).error.data).not.toHaveProperty("stack");
    expect(text).not.toMatch(/secretColumn|UTF8|0x00|\.ts:\d+/);
    expect(logged.length).toBeGreaterThan(0);
  });

  it("in production still carry ApiErrors' own messages", async () => {
    const { status, text } = await call("missing", true);
    expect(status).toBe(404);
    expect(JSON.parse(text).error).toMatchObject({ message: "No such run.", data: { code: "NOT_FOUND" } });
  });

  it("outside production keep what helps a developer", async () => {
    const { text } = await call("prisma", false);
    expect(JSON.parse(text).error).toMatchObject({ message: prismaError.message });
  });
});

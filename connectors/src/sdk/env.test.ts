import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  const shape = {
    PORT: z.coerce.number().int().default(3000),
    DATABASE_URL: z.string().regex(/^postgres/, "DATABASE_URL must be a postgresql:// URL"),
  };

  it("applies defaults and coercions", () => {
    expect(parseEnv(shape, { DATABASE_URL: "postgresql://x" })).toEqual({ PORT: 3000, DATABASE_URL: "postgresql://x" });
    expect(parseEnv(shape, { PORT: "8080", DATABASE_URL: "postgresql://x" }).PORT).toBe(8080);
  });

  it("fails naming every missing or invalid variable", () => {
    expect(() => parseEnv(shape, { PORT: "eighty" })).toThrow(/PORT: .*\n.*DATABASE_URL: /s);
    expect(() => parseEnv(shape, { DATABASE_URL: "mysql://x" })).toThrow(
      "DATABASE_URL: DATABASE_URL must be a postgresql:// URL",
    );
  });
});

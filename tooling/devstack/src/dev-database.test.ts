import { describe, expect, it } from "vitest";
import { chooseDatabase } from "./dev-database";

const LOCAL = "postgresql://postgres@127.0.0.1:5432/switchyard";
const CONFIGURED = "postgresql://app:s3cret@db.example:5432/app";
const answering =
  (...urls: string[]) =>
  async (url: string) =>
    urls.includes(url);

describe("chooseDatabase", () => {
  it("starts the embedded server when DATABASE_URL is unset and nothing answers locally", async () => {
    expect(await chooseDatabase(undefined, LOCAL, answering())).toEqual({ source: "embedded" });
  });

  it("uses the local server when DATABASE_URL is unset and it answers", async () => {
    expect(await chooseDatabase(undefined, LOCAL, answering(LOCAL))).toEqual({ source: "local", url: LOCAL });
  });

  it("uses DATABASE_URL when set, even with a local server answering", async () => {
    expect(await chooseDatabase(CONFIGURED, LOCAL, answering(CONFIGURED, LOCAL))).toEqual({
      source: "DATABASE_URL",
      url: CONFIGURED,
    });
  });

  it("refuses an unreachable DATABASE_URL instead of falling back, without printing its password", async () => {
    const refusal = chooseDatabase(CONFIGURED, LOCAL, answering(LOCAL));
    await expect(refusal).rejects.toThrow(
      "PostgreSQL is not reachable at postgresql://app:***@db.example:5432/app (DATABASE_URL)",
    );
    await expect(refusal).rejects.not.toThrow("s3cret");
  });

  it("probes for real: a port nobody listens on is not a server", async () => {
    expect(await chooseDatabase(undefined, "postgresql://postgres@127.0.0.1:1/switchyard")).toEqual({
      source: "embedded",
    });
  });
});

// Webhook secrets on a real database: sealed at save and replaced, or read from a connection.
import { createConnection } from "@switchyard/db";
import { useTestDatabase } from "@switchyard/devstack/testing";
import type { WorkflowDefinition } from "@switchyard/workflows/definition";
import { describe, expect, it } from "vitest";
import { readHookSecret } from "./hook-secrets";
import { editorOfNewWorkspace, workflowTestServices } from "./workflow-test-kit";
import { applyWorkflow, getWorkflow } from "./workflows";

const t = useTestDatabase();

const signed = (secret: unknown) => ({
  name: "Signed",
  trigger: { type: "webhook", auth: { type: "hmac", header: "x-sig", secret } },
  steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
});

describe("webhook secrets", () => {
  it("a new inline secret replaces the sealed one; the old one stays for its version, which can be restored", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-secret-replace");
    const { id: workflowId } = await applyWorkflow(s, caller, "signed", signed("first"));
    const refOf = async () =>
      (
        (await getWorkflow(t.db, caller.workspaceId, "signed")).definition as WorkflowDefinition & {
          trigger: { auth: { secret: { sealed: string } } };
        }
      ).trigger.auth.secret;
    const first = await refOf();
    const at = { workspaceId: caller.workspaceId, workflowId };
    expect(await readHookSecret(t.db, s.keyRing(), at, first)).toBe("first");

    const { version } = await applyWorkflow(s, caller, "signed", signed("second"));
    expect(version).toBe(2);
    const second = await refOf();
    expect(second.sealed).not.toBe(first.sealed);
    expect(await readHookSecret(t.db, s.keyRing(), at, second)).toBe("second");
    // Only the latest version's secret is checked; the replaced one stays for the version naming it,
    // which History can restore.
    expect(await readHookSecret(t.db, s.keyRing(), at, first)).toBe("first");
    expect((await applyWorkflow(s, caller, "signed", signed(first))).version).toBe(3);
    expect(await refOf()).toEqual(first);
    // A reference this workflow never sealed is refused: the secret itself must be given.
    await expect(
      applyWorkflow(s, caller, "signed", signed({ sealed: `whsec_${"0".repeat(32)}` })),
    ).rejects.toMatchObject({ status: 400, details: { errors: [{ path: "$.trigger.auth.secret" }] } });
    expect(first.sealed).toMatch(/^whsec_[0-9a-f]{32}$/);
  });

  it("reads a connection's only secret, or the field named; a missing connection is refused at save", async () => {
    const s = workflowTestServices(t.db);
    const caller = await editorOfNewWorkspace(t.db, "hook-secret-connection");
    const one = { workspaceId: caller.workspaceId, connector: "http", authKind: "custom" };
    await createConnection(t.db, s.keyRing(), { ...one, name: "one", secrets: { token: "only-one" } });
    await createConnection(t.db, s.keyRing(), { ...one, name: "two", secrets: { a: "A", b: "B" } });
    const { id: workflowId } = await applyWorkflow(s, caller, "from-connection", signed({ connection: "one" }));
    const at = { workspaceId: caller.workspaceId, workflowId };
    expect(await readHookSecret(t.db, s.keyRing(), at, { connection: "one" })).toBe("only-one");
    expect(await readHookSecret(t.db, s.keyRing(), at, { connection: "two", field: "b" })).toBe("B");
    await expect(readHookSecret(t.db, s.keyRing(), at, { connection: "two" })).rejects.toThrow(
      'connection "two" has 2 secret fields: name one in field',
    );
    // Which the save says at once, rather than every request being refused later.
    await expect(applyWorkflow(s, caller, "ambiguous", signed({ connection: "two" }))).rejects.toMatchObject({
      status: 400,
      details: {
        errors: [
          {
            path: "$.trigger.auth.secret.connection",
            message: 'connection "two" has 2 secret fields: name one in field',
          },
        ],
      },
    });
    await expect(applyWorkflow(s, caller, "missing", signed({ connection: "nope" }))).rejects.toMatchObject({
      status: 400,
      details: { errors: [{ path: "$.trigger.auth.secret.connection", message: 'no connection named "nope"' }] },
    });

    // Another workspace's connection of the same name is not found from here.
    const stranger = await editorOfNewWorkspace(t.db, "hook-secret-stranger");
    await expect(
      readHookSecret(t.db, s.keyRing(), { workspaceId: stranger.workspaceId, workflowId }, { connection: "one" }),
    ).rejects.toThrow('no connection named "one"');
  });
});

// Two workspaces with one member (and API token) per role in the first, and an owner in the second,
// for the refusal matrix tests: everything a refusal could depend on exists, so only the role can refuse.
import { generateApiToken, hashToken, type Db, type Role } from "@switchyard/db";
import { seedMember, seedRun, seedWorkflow } from "@switchyard/devstack/testing";
import { ROLES } from "~/lib/roles";

export interface MatrixMember {
  userId: string;
  token: string;
}

export interface MatrixWorld {
  /** The workspace every call aims at. */
  home: { id: string; slug: string };
  /** A member of `home` per role, each with a token of that role. */
  members: Record<Role, MatrixMember>;
  /** An owner of another workspace only, with an owner token there. */
  stranger: MatrixMember;
  /** Ids of things in `home`, by the path parameter that names them. */
  resources: { workflow: string; run: string; event: string; approval: string; connection: string; token: string };
}

const DEFINITION = {
  name: "Matrix",
  trigger: { type: "webhook" },
  steps: [{ id: "a", uses: "core.transform", with: { value: 1 } }],
};

async function addMember(db: Db, workspaceId: string, role: Role, label: string): Promise<MatrixMember> {
  const user = await seedMember(db, workspaceId, `${label}-${workspaceId}@example.com`, role);
  const token = generateApiToken();
  await db.apiToken.create({ data: { workspaceId, name: label, role, tokenHash: hashToken(token), userId: user.id } });
  return { userId: user.id, token };
}

async function seedApproval(db: Db, workspaceId: string, runId: string): Promise<string> {
  const approval = await db.approval.create({
    data: {
      workspaceId,
      runId,
      stepId: "a",
      kind: "approval",
      title: "Matrix",
      preview: {},
      editable: [],
      form: [],
      approvers: [],
      quorum: 1,
      allowSelfApproval: true,
      onTimeout: "reject",
      expiresAt: new Date(Date.UTC(2100, 0, 1)),
    },
  });
  return approval.id;
}

export async function seedMatrixWorld(db: Db): Promise<MatrixWorld> {
  const [home, away] = await Promise.all([seedWorkflow(db, DEFINITION, "matrix"), seedWorkflow(db, DEFINITION)]);
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: home.workspaceId } });
  const members = Object.fromEntries(
    await Promise.all(ROLES.map(async (role) => [role, await addMember(db, home.workspaceId, role, role)] as const)),
  ) as Record<Role, MatrixMember>;
  const stranger = await addMember(db, away.workspaceId, "owner", "stranger");
  const run = await seedRun(db, home);
  const connection = await db.connection.create({
    data: {
      id: `conn_matrix_${home.workspaceId}`,
      workspaceId: home.workspaceId,
      name: "matrix",
      connector: "http",
      authKind: "none",
      secrets: {},
      keyId: "none",
    },
  });
  const token = await db.apiToken.findFirstOrThrow({ where: { workspaceId: home.workspaceId, name: "owner" } });
  return {
    home: { id: workspace.id, slug: workspace.slug },
    members,
    stranger,
    resources: {
      workflow: "matrix",
      run,
      event: (await db.run.findUniqueOrThrow({ where: { id: run } })).eventId!,
      approval: await seedApproval(db, home.workspaceId, run),
      connection: connection.id,
      token: token.id,
    },
  };
}

/** Every role that does not reach `minimum` (approver and viewer are side by side, so each is below the other). */
export const rolesBelow = (minimum: Role, hasRole: (actual: Role, minimum: Role) => boolean): Role[] =>
  ROLES.filter((role) => !hasRole(role, minimum));

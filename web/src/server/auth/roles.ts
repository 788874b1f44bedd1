import type { Role } from "@switchyard/db";
import { ApiError } from "../http/errors";

/** Each role can do everything the roles after it can. */
export const ROLES = ["owner", "admin", "editor", "approver", "viewer"] as const satisfies readonly Role[];

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

/** What each minimum role allows, for error messages. */
const ALLOWS: Record<Role, string> = {
  viewer: "read workflows and runs",
  approver: "decide checkpoints",
  editor: "change workflows and start, cancel or re-run runs",
  admin: "administer the workspace",
  owner: "own the workspace",
};

export const hasRole = (actual: Role, minimum: Role): boolean => rank(actual) >= rank(minimum);

/** The lower of two roles: what a member may do through a token that has a role of its own. */
export const cappedRole = (role: Role, cap: Role): Role => (hasRole(role, cap) ? cap : role);

/** The single authorization check used by REST routes and tRPC procedures: 403 unless the caller has at least `minimum`. */
export function requireRole(caller: { role: Role }, minimum: Role): void {
  if (!hasRole(caller.role, minimum)) {
    throw new ApiError(
      403,
      "forbidden",
      `This token has the ${caller.role} role; to ${ALLOWS[minimum]} it needs ${minimum} or higher.`,
      {
        required: minimum,
        actual: caller.role,
      },
    );
  }
}

import type { Role } from "@switchyard/db";
import { hasRole } from "~/lib/roles";
import { ApiError } from "../http/errors";

export { cappedRole, hasRole, ROLES } from "~/lib/roles";

/** What each minimum role allows, for error messages. */
const ALLOWS: Record<Role, string> = {
  viewer: "read workflows and runs",
  approver: "decide the checkpoints they are asked to",
  editor: "change workflows and start, cancel or re-run runs",
  admin: "administer the workspace",
  owner: "own the workspace",
};

/** The single authorization check used by REST routes and tRPC procedures: 403 unless the caller has at least `minimum`. */
export function requireRole(caller: { role: Role; tokenId?: string | null }, minimum: Role): void {
  if (!hasRole(caller.role, minimum)) {
    const who = caller.tokenId === null ? "You have" : "This token has";
    throw new ApiError(
      403,
      "forbidden",
      `${who} the ${caller.role} role; to ${ALLOWS[minimum]} it needs ${minimum} or higher.`,
      {
        required: minimum,
        actual: caller.role,
      },
    );
  }
}

import type { Role } from "@switchyard/db";

/**
 * Each role can do everything the roles after it can, except that approver and viewer are
 * side by side: an approver decides the checkpoints they are asked to and sees nothing else,
 * and a viewer reads workflows and runs but decides nothing.
 */
export const ROLES = ["owner", "admin", "editor", "approver", "viewer"] as const satisfies readonly Role[];

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

export function hasRole(actual: Role, minimum: Role): boolean {
  if (actual === "approver" || minimum === "approver") return actual === minimum || rank(actual) > rank("approver");
  return rank(actual) >= rank(minimum);
}

/**
 * The lower of two roles: what a member may do through a token that has a role of its own.
 * Null for approver and viewer, which share no rights at all.
 */
export function cappedRole(role: Role, cap: Role): Role | null {
  if (hasRole(cap, role)) return role;
  if (hasRole(role, cap)) return cap;
  return null;
}

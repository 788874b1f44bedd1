"use client";
import type { Role } from "@switchyard/db";
import { Select } from "~/components/ui/field";
import { hasRole, ROLES } from "~/lib/roles";

const ROLE_HINTS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  editor: "Editor",
  approver: "Approver",
  viewer: "Viewer",
};

/** The roles `myRole` may hand out, highest first (an admin cannot grant owner). */
export const grantableRoles = (myRole: Role, exclude: Role[] = []) =>
  ROLES.filter((r) => hasRole(myRole, r) && !exclude.includes(r));

type SelectProps = Omit<Parameters<typeof Select>[0], "value" | "onChange">;

export function RoleSelect({
  value,
  roles,
  onChange,
  ...props
}: SelectProps & { value: Role; roles: readonly Role[]; onChange: (role: Role) => void }) {
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value as Role)} {...props}>
      {roles.map((r) => (
        <option key={r} value={r}>
          {ROLE_HINTS[r]}
        </option>
      ))}
    </Select>
  );
}

import { describe, expect, it } from "vitest";
import { cappedRole, hasRole, ROLES } from "./roles";

describe("roles", () => {
  it("orders owner > admin > editor above both approver and viewer", () => {
    for (const minimum of ROLES) expect(hasRole("owner", minimum)).toBe(true);
    expect(hasRole("admin", "owner")).toBe(false);
    expect(hasRole("editor", "admin")).toBe(false);
    expect(hasRole("editor", "approver")).toBe(true);
    expect(hasRole("editor", "viewer")).toBe(true);
  });

  it("keeps approver and viewer side by side: neither can do what only the other may", () => {
    expect(hasRole("approver", "viewer")).toBe(false);
    expect(hasRole("viewer", "approver")).toBe(false);
    expect(hasRole("approver", "approver")).toBe(true);
    expect(hasRole("viewer", "viewer")).toBe(true);
    expect(hasRole("approver", "editor")).toBe(false);
  });

  it("caps a member's role by their token's, never raising it", () => {
    expect(cappedRole("owner", "viewer")).toBe("viewer");
    expect(cappedRole("viewer", "admin")).toBe("viewer");
    expect(cappedRole("approver", "editor")).toBe("approver");
    expect(cappedRole("approver", "viewer")).toBeNull();
    expect(cappedRole("viewer", "approver")).toBeNull();
    for (const role of ROLES)
      for (const cap of ROLES) {
        const capped = cappedRole(role, cap);
        // Whatever the pair, the result allows no more than either role.
        if (capped) expect([hasRole(cap, capped), hasRole(role, capped)]).toEqual([true, true]);
      }
  });
});

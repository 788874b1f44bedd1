/** What an audit entry can be about: shared by the server's writers and the log's filter. */
export const AUDIT_TARGET_TYPES = [
  "workflow",
  "connection",
  "token",
  "member",
  "invitation",
  "approval",
  "workspace",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

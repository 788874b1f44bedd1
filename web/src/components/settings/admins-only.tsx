import { EmptyState } from "~/components/ui/states";

/** What a member below admin sees of a section only owners and admins manage. */
export const AdminsOnly = ({ what }: { what: string }) => (
  <EmptyState title={`${what} are managed by admins`}>
    Ask an owner or admin of this workspace if you need a change.
  </EmptyState>
);

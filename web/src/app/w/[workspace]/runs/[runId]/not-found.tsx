import { EmptyState } from "~/components/ui/states";

export default function RunNotFound() {
  return (
    <EmptyState title="Run not found">
      This workspace has no such run. It may belong to another workspace, or the link may be mistyped.
    </EmptyState>
  );
}

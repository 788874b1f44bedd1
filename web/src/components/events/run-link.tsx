import Link from "next/link";
import { StatusBadge } from "~/components/ui/status";
import { shortId } from "~/lib/runs/format";

/** A run as an event lists it: its status, and a link to its page. */
export function RunLink({ workspace, run }: { workspace: string; run: { id: string; status: string } }) {
  return (
    <span className="inline-flex items-center gap-2">
      <StatusBadge status={run.status} />
      <Link href={`/w/${workspace}/runs/${run.id}`} className="font-mono text-xs text-accent-700 hover:underline">
        run {shortId(run.id)}
      </Link>
    </span>
  );
}

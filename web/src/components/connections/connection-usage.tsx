import Link from "next/link";
import type { ConnectionDetail } from "./connection-types";

/** Where used: the workflows whose latest version names this connection in a step or its trigger. */
export function ConnectionUsage({ workspace, usedBy }: { workspace: string; usedBy: ConnectionDetail["usedBy"] }) {
  if (!usedBy.length) return <p className="text-sm text-slate-600">No workflow uses this connection.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" aria-label="Workflows using this connection">
      {usedBy.map((u) => (
        <li key={u.slug} className="flex items-center justify-between gap-3 py-2">
          <Link
            href={`/w/${workspace}/workflows/${u.slug}/edit`}
            className="font-medium text-accent-700 hover:underline"
          >
            {u.name}
          </Link>
          <span className="text-slate-500">
            version {u.version} · {u.enabled ? "enabled" : "disabled"}
          </span>
        </li>
      ))}
    </ul>
  );
}

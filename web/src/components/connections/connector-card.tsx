import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import type { AppRouter } from "~/server/trpc/root";
import { authLabel } from "./auth-kind";
import { ConnectorIcon } from "./connector-icon";

export type ConnectorSummary = inferRouterOutputs<AppRouter>["connectors"]["list"][number];

function Body({ connector }: { connector: ConnectorSummary }) {
  return (
    <>
      <ConnectorIcon svg={connector.icon} className="size-8" />
      <span className="min-w-0">
        <span className="block font-medium">{connector.name}</span>
        <span className="mt-0.5 block text-sm text-slate-600">{connector.description}</span>
        <span className="mt-1.5 flex flex-wrap gap-1 text-xs text-slate-500">
          <span>{authLabel(connector.auth.kind)}</span>
          {connector.categories.map((c) => (
            <span key={c} className="rounded bg-slate-100 px-1.5">
              {c}
            </span>
          ))}
        </span>
      </span>
    </>
  );
}

const CARD = "flex h-full gap-3 rounded-lg border border-slate-200 bg-white p-4 text-left shadow-xs";

/** A connector of the catalog: a link to its connect form, or a note that it needs none. */
export function ConnectorCard({ workspace, connector }: { workspace: string; connector: ConnectorSummary }) {
  if (connector.auth.kind === "none")
    return (
      <div className={`${CARD} opacity-70`} aria-label={`${connector.name} (no connection needed)`}>
        <Body connector={connector} />
      </div>
    );
  return (
    <Link
      href={`/w/${workspace}/connections/new/${connector.slug}`}
      aria-label={connector.name}
      className={`${CARD} hover:border-accent-500 hover:bg-accent-50`}
    >
      <Body connector={connector} />
    </Link>
  );
}

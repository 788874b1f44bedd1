"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { PageHeader } from "~/components/ui/card";
import { Input, Select } from "~/components/ui/field";
import { EmptyState, ErrorState, Loading } from "~/components/ui/states";
import { useTRPC } from "~/lib/trpc/react";
import { ConnectorCard, type ConnectorSummary } from "./connector-card";

const matches = (c: ConnectorSummary, search: string, category: string) => {
  const q = search.trim().toLowerCase();
  const text = `${c.name} ${c.slug} ${c.description}`.toLowerCase();
  return (!q || text.includes(q)) && (!category || c.categories.includes(category));
};

function Filters(props: {
  search: string;
  category: string;
  categories: string[];
  onSearch: (v: string) => void;
  onCategory: (v: string) => void;
}) {
  return (
    <div className="mb-4 flex flex-wrap gap-3">
      <Input
        type="search"
        aria-label="Search connectors"
        placeholder="Search connectors"
        className="max-w-xs"
        value={props.search}
        onChange={(e) => props.onSearch(e.target.value)}
      />
      <Select
        aria-label="Category"
        className="max-w-48"
        value={props.category}
        onChange={(e) => props.onCategory(e.target.value)}
      >
        <option value="">All categories</option>
        {props.categories.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function ConnectorCatalog({ workspace }: { workspace: string }) {
  const trpc = useTRPC();
  const catalog = useQuery(trpc.connectors.list.queryOptions());
  const [search, setSearch] = useState("");
  const [category, setCategory] = useState("");
  const categories = useMemo(
    () => [...new Set((catalog.data ?? []).flatMap((c) => c.categories))].sort(),
    [catalog.data],
  );
  // Those that need no connection go last: there is nothing to add for them.
  const shown = (catalog.data ?? [])
    .filter((c) => matches(c, search, category))
    .sort((a, b) => Number(a.auth.kind === "none") - Number(b.auth.kind === "none"));
  return (
    <div className="max-w-5xl">
      <PageHeader title="Add a connection" description="Pick the service your workflows should act in." />
      <Filters {...{ search, category, categories }} onSearch={setSearch} onCategory={setCategory} />
      {catalog.isPending ? (
        <Loading label="Loading connectors" />
      ) : catalog.isError ? (
        <ErrorState error={catalog.error} retry={() => void catalog.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title="No connector matches">Try another word or category.</EmptyState>
      ) : (
        <ul className="grid grid-cols-2 gap-3 xl:grid-cols-3" aria-label="Connectors">
          {shown.map((c) => (
            <li key={c.slug}>
              <ConnectorCard workspace={workspace} connector={c} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

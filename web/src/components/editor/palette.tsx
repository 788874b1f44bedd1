"use client";
// Every connector action and core step, searchable. Clicking one (or Enter in the search
// box, for the first match) adds it under the selected step.
import { useMemo, useState } from "react";
import { Input } from "~/components/ui/field";
import { iconSource, paletteGroups } from "~/lib/editor/catalog";
import { useEditor } from "./editor-context";

export function Palette() {
  const { catalog, commands } = useEditor();
  const [query, setQuery] = useState("");
  const groups = useMemo(() => paletteGroups(catalog, query), [catalog, query]);
  return (
    <section aria-label="Steps" className="flex h-full min-h-0 flex-col gap-2 p-3">
      {/* Room on the right for the column's fold button. */}
      <div className="mr-9">
        <Input
          type="search"
          aria-label="Search steps"
          placeholder="Search steps"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const first = groups[0]?.items[0];
            if (e.key === "Enter" && first) {
              e.preventDefault();
              commands.addStep(first.uses);
            }
          }}
        />
      </div>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto pr-1">
        {groups.length === 0 && <p className="text-sm text-slate-500">No step matches “{query}”.</p>}
        {groups.map((g) => (
          <div key={g.connector} role="group" aria-label={g.name}>
            <h3 className="mb-1 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              <img src={iconSource(g.icon)} alt="" className="size-3.5" />
              {g.name}
            </h3>
            <ul className="space-y-0.5">
              {g.items.map((item) => (
                <li key={item.uses}>
                  <button
                    type="button"
                    aria-label={item.title}
                    title={`${item.uses}: ${item.description}`}
                    onClick={() => commands.addStep(item.uses)}
                    className="w-full rounded-md px-2 py-1 text-left text-sm text-slate-800 hover:bg-accent-50 focus-visible:bg-accent-50"
                  >
                    {item.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}

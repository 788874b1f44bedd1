import { ArrowRight } from "lucide-react";
import type { ReactNode } from "react";
import { isEmptyDiff, type DefinitionDiff, type Dependency } from "~/lib/workflows/definition-diff";

function Group({ title, tone, children }: { title: string; tone: string; children: ReactNode[] }) {
  if (!children.length) return null;
  return (
    <div>
      <h4 className={`text-xs font-semibold uppercase ${tone}`}>
        {title} ({children.length})
      </h4>
      <ul className="mt-1 space-y-1 text-sm">{children}</ul>
    </div>
  );
}

const edge = (d: Dependency) => (
  <li key={`${d.step}-${d.need}`} className="flex items-center gap-1">
    <code>{d.need}</code>
    <ArrowRight aria-label="then" className="size-3.5 text-slate-400" />
    <code>{d.step}</code>
  </li>
);

/** The diff as a graph reads: steps added, removed, changed (and which fields), arrows added and removed. */
export function VisualDiff({ diff }: { diff: DefinitionDiff }) {
  if (isEmptyDiff(diff)) return <p className="text-sm text-slate-500">These versions define the same workflow.</p>;
  const general = [
    ...(diff.nameChanged ? [<li key="name">The name changed</li>] : []),
    ...(diff.triggerChanged ? [<li key="trigger">The trigger changed</li>] : []),
  ];
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="visual-diff">
      <Group title="Workflow" tone="text-slate-600">
        {general}
      </Group>
      <Group title="Steps added" tone="text-emerald-700">
        {diff.stepsAdded.map((id) => (
          <li key={id}>
            <code>{id}</code>
          </li>
        ))}
      </Group>
      <Group title="Steps removed" tone="text-red-700">
        {diff.stepsRemoved.map((id) => (
          <li key={id}>
            <code>{id}</code>
          </li>
        ))}
      </Group>
      <Group title="Steps changed" tone="text-amber-700">
        {diff.stepsChanged.map((c) => (
          <li key={c.id}>
            <code>{c.id}</code>: <span className="text-slate-600">{c.fields.join(", ")}</span>
          </li>
        ))}
      </Group>
      <Group title="Dependencies added" tone="text-emerald-700">
        {diff.dependenciesAdded.map(edge)}
      </Group>
      <Group title="Dependencies removed" tone="text-red-700">
        {diff.dependenciesRemoved.map(edge)}
      </Group>
    </div>
  );
}

/** The one table header: column headings, and a last, visually empty column for row actions. */
export function TableHead({ headings, actions = false }: { headings: readonly string[]; actions?: boolean }) {
  return (
    <thead className="bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
      <tr>
        {headings.map((h) => (
          <th key={h} scope="col" className="px-3 py-2">
            {h}
          </th>
        ))}
        {actions && (
          <th scope="col" className="px-3 py-2">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A value as indented JSON, scrolling within its box when long. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

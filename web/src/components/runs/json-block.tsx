/** Text as stored (a body that is not JSON), scrolling within its box when long. */
export function TextBlock({ text, label }: { text: string; label: string }) {
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className="max-h-80 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-800"
    >
      {text}
    </pre>
  );
}

/** A value as indented JSON, scrolling within its box when long. */
export const JsonBlock = ({ value, label }: { value: unknown; label: string }) => (
  <TextBlock text={JSON.stringify(value, null, 2)} label={label} />
);

import { Lock } from "lucide-react";
import { TableHead } from "~/components/ui/table-head";
import { REDACTED } from "~/server/http/headers";

/** A value the server hid (a credential or signature), said in words rather than shown as a value. */
const Redacted = () => (
  <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 px-2 py-0.5 font-sans text-xs text-slate-600">
    <Lock aria-hidden className="size-3" />
    Redacted
  </span>
);

/** A webhook's headers or query parameters, as stored: names and values, credentials redacted. */
export function KeyValueTable({ values, caption }: { values: Record<string, string>; caption: string }) {
  const entries = Object.entries(values);
  if (entries.length === 0) return <p className="text-sm text-slate-600">None.</p>;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead headings={["Name", "Value"]} />
        <tbody className="font-mono text-xs">
          {entries.map(([name, value]) => (
            <tr key={name} className="border-t border-slate-100 align-top">
              <th scope="row" className="px-3 py-1.5 font-medium whitespace-nowrap text-slate-700">
                {name}
              </th>
              <td className="px-3 py-1.5 break-all text-slate-800">{value === REDACTED ? <Redacted /> : value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.ceil((p / 100) * sortedMs.length) - 1);
  return sortedMs[Math.max(0, i)]!;
}

export const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export interface Row {
  benchmark: string;
  metric: string;
  value: string;
  target: string;
}

export function printTable(rows: Row[]): void {
  const cols = ["benchmark", "metric", "value", "target"] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => r[c].length))])) as Record<
    (typeof cols)[number],
    number
  >;
  const line = (r: Record<(typeof cols)[number], string>) =>
    "| " + cols.map((c) => r[c].padEnd(width[c])).join(" | ") + " |";
  console.log(line({ benchmark: "benchmark", metric: "metric", value: "value", target: "target" }));
  console.log("|" + cols.map((c) => "-".repeat(width[c] + 2)).join("|") + "|");
  for (const r of rows) console.log(line(r));
}

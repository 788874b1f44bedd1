import { startSinkProcess } from "./sink-process";
import type { BenchStack } from "./stack";
import type { Row } from "./stats";
import { prepare } from "./timed-run";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** 10,000 cheap items, and 200 items of 1 s at concurrency 50. */
export async function fanOutBench(stack: BenchStack): Promise<Row[]> {
  const sink = await startSinkProcess({ "/cheap": { echo: true }, "/second": { echo: true, delayMs: 1_000 } });
  try {
    return await measure(stack, sink.url);
  } finally {
    await sink.close();
  }
}

async function measure(stack: BenchStack, sinkUrl: string): Promise<Row[]> {
  const step = (path: string, concurrency: number) => ({
    steps: [
      {
        id: "each",
        uses: "http.request",
        forEach: "{{ trigger.body.items }}",
        concurrency,
        with: { url: `${sinkUrl}${path}`, method: "POST", body: { n: "{{ item }}" } },
      },
    ],
  });
  const cheap = await prepare(stack, step("/cheap", 20));
  const slow = await prepare(stack, step("/second", 50));
  const c = await cheap({ body: { items: range(10_000) } });
  const s = await slow({ body: { items: range(200) } });
  return [
    {
      benchmark: "fan-out",
      metric: "10,000 cheap items",
      value: `${(c.ms / 1000).toFixed(2)} s`,
      target: "< 10 s",
    },
    {
      benchmark: "fan-out",
      metric: "200 × 1 s items, concurrency 50",
      value: `${(s.ms / 1000).toFixed(2)} s`,
      target: "< 6 s (floor 4 s)",
    },
  ];
}

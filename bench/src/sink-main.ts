import { startSink, type SinkBehaviour } from "@switchyard/devstack";

const sink = await startSink();
for (const [path, b] of Object.entries(JSON.parse(process.argv[2] ?? "{}") as Record<string, SinkBehaviour>))
  sink.on(path, b);
console.log(sink.url);

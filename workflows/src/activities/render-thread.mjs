// Worker threads do not inherit tsx's loader: register it before loading the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./render-thread-main.ts");

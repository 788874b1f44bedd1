// main.ts imports this before anything else: ES modules evaluate in import order, so
// the V8 flag is set before any other module loads and before any thread starts.
// See regexp-engine.ts.
import { enableLinearRegExps } from "./regexp-engine";

enableLinearRegExps();

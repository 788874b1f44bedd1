export { seedRun, seedWorkflow, type SeededWorkflow } from "../seed";

export { seedMember, seedRun, seedRunToStart, seedWorkflow, type SeededWorkflow } from "../seed";

export { seedMember, seedRun, seedWorkflow, type SeededWorkflow } from "../seed";

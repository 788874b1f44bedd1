export { seedMember, seedRun, seedRunToStart, seedSiblingWorkflow, seedWorkflow, type SeededWorkflow } from "../seed";

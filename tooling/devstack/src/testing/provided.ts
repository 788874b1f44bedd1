// What the global setup provides to every test file through vitest's inject().
declare module "vitest" {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    databaseServerUrl: string;
    databaseTemplate: string;
    workflowBundlePath: string;
  }
}

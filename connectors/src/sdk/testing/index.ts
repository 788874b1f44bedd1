export * from "./fake-api";
export * from "./mock-context";
export * from "./contract";
export * from "../../slack/testing";

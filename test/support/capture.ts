// Moved to the shipped test helper (testing/, published as db-preflight/testing): this file keeps
// the repository's tests importing it from here.
export * from "../../testing/capture";
export * from "../../testing/aws-mocks";

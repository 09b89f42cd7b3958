// The contract between the components and the policy pack (and the CLI and test helper that read
// what the components create): the type tokens, tag keys, metric names and registered inputs both
// sides use, written once so that neither side can drift from the other.
export { componentTypeTokens, componentTypes } from "./component-types";
export type { ComponentType } from "./component-types";
export { operationalTagKeys } from "./tags";
export type { OperationalTagKey } from "./tags";
export { healthCheckDimension, healthCheckNamespace, healthCheckSucceededMetric } from "./health-check";
export type { ComponentInputs, RegisteredAppUser, RegisteredConnectionPool, RegisteredValidationQuery } from "./component-inputs";

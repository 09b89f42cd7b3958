// The Pulumi type tokens the components register under. The policies, the CLI and the test helper
// find a component (and tell its children) by these tokens.
export const componentTypes = {
    productionDatabase: "db-preflight:aws:ProductionDatabase",
    productionAuroraCluster: "db-preflight:aws:ProductionAuroraCluster",
} as const;

export type ComponentType = (typeof componentTypes)[keyof typeof componentTypes];

/** Every component's type token. */
export const componentTypeTokens: readonly string[] = Object.values(componentTypes);

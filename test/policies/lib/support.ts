// Shared by the policies/lib tests: a resource as buildStack takes it, named `urn:<name>`, whose
// dependencies are the URNs its properties link to.
export const stackResource = (name: string, type: string, props: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}) => ({
    type,
    name,
    urn: `urn:${name}`,
    props,
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
});

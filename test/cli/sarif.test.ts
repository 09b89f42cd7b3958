// `db-preflight report --format sarif`: a SARIF 2.1.0 log that the schema accepts (required fields,
// no property the schema does not define on the objects the report writes, enums), with one rule
// per policy of the pack and one result per finding located on the resource's URN.
import { policies } from "../../policies/registry";
import type { ReadinessReport } from "../../cli/report/model";
import { cli, fixture } from "./helpers";

jest.mock("commander", () => require("./helpers").commanderAsCommonJs());

/**
 * The part of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that covers the objects the
 * report writes: each definition's required properties, the properties it defines (the schema sets
 * additionalProperties: false on all of them) and the definitions of nested objects.
 */
interface Definition {
    required?: string[];
    properties: string[];
    objects?: Record<string, string>;
    arrays?: Record<string, string>;
    check?: (value: Record<string, unknown>, at: string) => string[];
}
const levels = ["none", "note", "warning", "error"];
const schema: Record<string, Definition> = {
    sarifLog: {
        required: ["version", "runs"],
        properties: ["$schema", "version", "runs", "inlineExternalProperties", "properties"],
        arrays: { runs: "run" },
        check: (v, at) => (v.version === "2.1.0" ? [] : [`${at}.version must be "2.1.0"`]),
    },
    run: {
        required: ["tool"],
        properties: [
            "tool",
            "invocations",
            "conversion",
            "language",
            "versionControlProvenance",
            "originalUriBaseIds",
            "artifacts",
            "logicalLocations",
            "graphs",
            "results",
            "automationDetails",
            "runAggregates",
            "baselineGuid",
            "redactionTokens",
            "defaultEncoding",
            "defaultSourceLanguage",
            "newlineSequences",
            "columnKind",
            "externalPropertyFileReferences",
            "threadFlowLocations",
            "taxonomies",
            "addresses",
            "translations",
            "policies",
            "webRequests",
            "webResponses",
            "specialLocations",
            "properties",
        ],
        objects: { tool: "tool", properties: "propertyBag" },
        arrays: { results: "result", invocations: "invocation" },
    },
    tool: { required: ["driver"], properties: ["driver", "extensions", "properties"], objects: { driver: "toolComponent" } },
    toolComponent: {
        required: ["name"],
        properties: [
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "shortDescription",
            "fullDescription",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "globalMessageStrings",
            "notifications",
            "rules",
            "taxa",
            "locations",
            "language",
            "contents",
            "isComprehensive",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
            "associatedComponent",
            "translationMetadata",
            "supportedTaxonomies",
            "properties",
        ],
        arrays: { rules: "reportingDescriptor" },
    },
    reportingDescriptor: {
        required: ["id"],
        properties: [
            "id",
            "deprecatedIds",
            "guid",
            "deprecatedGuids",
            "name",
            "deprecatedNames",
            "shortDescription",
            "fullDescription",
            "messageStrings",
            "defaultConfiguration",
            "helpUri",
            "help",
            "relationships",
            "properties",
        ],
        objects: {
            shortDescription: "multiformatMessageString",
            fullDescription: "multiformatMessageString",
            help: "multiformatMessageString",
            defaultConfiguration: "reportingConfiguration",
            properties: "propertyBag",
        },
    },
    multiformatMessageString: { required: ["text"], properties: ["text", "markdown", "properties"] },
    reportingConfiguration: {
        properties: ["enabled", "level", "rank", "parameters", "properties"],
        check: (v, at) => (v.level === undefined || levels.includes(v.level as string) ? [] : [`${at}.level ${String(v.level)} is not one of ${levels}`]),
    },
    invocation: { required: ["executionSuccessful"], properties: ["executionSuccessful", "commandLine", "exitCode", "startTimeUtc", "endTimeUtc", "properties"] },
    result: {
        required: ["message"],
        properties: [
            "ruleId",
            "ruleIndex",
            "rule",
            "kind",
            "level",
            "message",
            "analysisTarget",
            "locations",
            "guid",
            "correlationGuid",
            "occurrenceCount",
            "partialFingerprints",
            "fingerprints",
            "stacks",
            "codeFlows",
            "graphs",
            "graphTraversals",
            "relatedLocations",
            "suppressions",
            "baselineState",
            "rank",
            "attachments",
            "hostedViewerUri",
            "workItemUris",
            "provenance",
            "fixes",
            "taxa",
            "webRequest",
            "webResponse",
            "properties",
        ],
        objects: { message: "message", properties: "propertyBag" },
        arrays: { locations: "location" },
        check: (v, at) => (v.level === undefined || levels.includes(v.level as string) ? [] : [`${at}.level ${String(v.level)} is not one of ${levels}`]),
    },
    message: {
        properties: ["text", "markdown", "id", "arguments", "properties"],
        check: (v, at) => (typeof v.text === "string" || typeof v.id === "string" ? [] : [`${at} needs text or id`]),
    },
    location: {
        properties: ["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"],
        arrays: { logicalLocations: "logicalLocation" },
    },
    logicalLocation: { properties: ["name", "index", "fullyQualifiedName", "decoratedName", "parentIndex", "kind", "properties"] },
    propertyBag: {
        properties: [],
        check: (v, at) => {
            const tags = v.tags;
            if (tags === undefined) return [];
            return Array.isArray(tags) && tags.every((t) => typeof t === "string") && new Set(tags).size === tags.length ? [] : [`${at}.tags must be unique strings`];
        },
    },
};

function validate(value: unknown, definition: string, at: string): string[] {
    const def = schema[definition];
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${at} is not an object`];
    const v = value as Record<string, unknown>;
    const errors: string[] = [];
    for (const key of def.required ?? []) if (!(key in v)) errors.push(`${at} lacks required ${key}`);
    if (definition !== "propertyBag") for (const key of Object.keys(v)) if (!def.properties.includes(key)) errors.push(`${at} has ${key}, which ${definition} does not define`);
    for (const [key, child] of Object.entries(def.objects ?? {})) if (key in v) errors.push(...validate(v[key], child, `${at}.${key}`));
    for (const [key, child] of Object.entries(def.arrays ?? {})) {
        if (!(key in v)) continue;
        if (!Array.isArray(v[key])) errors.push(`${at}.${key} is not an array`);
        else (v[key] as unknown[]).forEach((item, i) => errors.push(...validate(item, child, `${at}.${key}[${i}]`)));
    }
    errors.push(...(def.check?.(v, at) ?? []));
    return errors;
}

interface Sarif {
    runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; defaultConfiguration: { level: string }; properties: { tags: string[] } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations?: Array<{ logicalLocations: Array<{ fullyQualifiedName: string; name: string }> }> }>;
    }>;
}

describe("db-preflight report --format sarif", () => {
    let sarif: Sarif;
    let report: ReadinessReport;
    let code: number;
    beforeAll(async () => {
        const state = fixture("noncompliant-state.json");
        const run = await cli("report", "--state", state, "--format", "sarif");
        code = run.code;
        sarif = JSON.parse(run.stdout) as Sarif;
        report = JSON.parse((await cli("report", "--state", state, "--format", "json")).stdout) as ReadinessReport;
    });

    it("is a SARIF 2.1.0 log the schema accepts, and the exit code still says a mandatory item fails", () => {
        expect(validate(sarif, "sarifLog", "sarif")).toEqual([]);
        expect(sarif.runs).toHaveLength(1);
        expect(code).toBe(1);
    });

    it("has one rule per policy of the pack, with its default level and checklist tag", () => {
        const rules = sarif.runs[0].tool.driver.rules;
        expect(sarif.runs[0].tool.driver.name).toBe("db-preflight");
        expect(rules.map((r) => r.id).sort()).toEqual(policies.map((p) => p.name).sort());
        for (const rule of rules) {
            const policy = policies.find((p) => p.name === rule.id)!;
            expect(rule.defaultConfiguration.level).toBe(policy.enforcementLevel === "mandatory" ? "error" : "warning");
            expect(rule.properties.tags).toContain(`checklist:${policy.dbPreflight.checklistItem}`);
        }
    });

    it("has one result per finding: mandatory as error, advisory as warning, located on the resource's URN", () => {
        const { results, tool } = sarif.runs[0];
        const findings = report.items.flatMap((i) => i.findings);
        expect(results).toHaveLength(findings.length);
        results.forEach((r, i) => {
            const f = findings[i];
            expect(r.ruleId).toBe(f.policy);
            expect(tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
            expect(r.level).toBe({ mandatory: "error", advisory: "warning", remediate: "note" }[f.enforcementLevel]);
            expect(r.message.text).toBe(f.message);
            expect(r.locations?.[0].logicalLocations[0]).toEqual(expect.objectContaining({ fullyQualifiedName: f.urn, name: f.resource }));
        });
        expect(results.some((r) => r.level === "error")).toBe(true);
        expect(results.some((r) => r.level === "warning")).toBe(true);
    });
});

// The data sources (invokes) the components and test programs call, answered for the pretend
// account. Any other token fails with an error that names it, so a new data source in a component
// shows up as one clear failure rather than as a silently empty result.
import { createHash } from "crypto";
import { Account } from "./account";
import { PropertyMap, reveal } from "./values";

type Invoke = (args: PropertyMap, account: Account) => PropertyMap;

interface StatementInput {
    sid?: string;
    effect?: string;
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    principals?: { type: string; identifiers: string[] }[];
    notPrincipals?: { type: string; identifiers: string[] }[];
    conditions?: { test: string; variable: string; values: string[] }[];
}

/** One element renders as a string, more as a list (how the provider's getPolicyDocument renders). */
function oneOrMany(values: string[]): string | string[] {
    return values.length === 1 ? values[0] : values;
}

function principalsJson(principals: { type: string; identifiers: string[] }[]): unknown {
    if (principals.length === 1 && principals[0].type === "*" && principals[0].identifiers.every((i) => i === "*")) return "*";
    const out: Record<string, string | string[]> = {};
    for (const p of principals) {
        const ids = [...(Array.isArray(out[p.type]) ? (out[p.type] as string[]) : out[p.type] ? [out[p.type] as string] : []), ...p.identifiers];
        out[p.type] = oneOrMany(ids);
    }
    return out;
}

function statementJson(s: StatementInput): PropertyMap {
    const out: PropertyMap = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? "Allow";
    if (s.actions?.length) out.Action = oneOrMany(s.actions);
    if (s.notActions?.length) out.NotAction = oneOrMany(s.notActions);
    if (s.resources?.length) out.Resource = oneOrMany(s.resources);
    if (s.notResources?.length) out.NotResource = oneOrMany(s.notResources);
    if (s.principals?.length) out.Principal = principalsJson(s.principals);
    if (s.notPrincipals?.length) out.NotPrincipal = principalsJson(s.notPrincipals);
    if (s.conditions?.length) {
        const condition: Record<string, Record<string, string | string[]>> = {};
        for (const c of s.conditions) {
            condition[c.test] ??= {};
            condition[c.test][c.variable] = oneOrMany(c.values);
        }
        out.Condition = condition;
    }
    return out;
}

/** aws.iam.getPolicyDocument: statements (plus source/override documents) rendered to JSON. */
function getPolicyDocument(args: PropertyMap): PropertyMap {
    const a = reveal(args) as {
        statements?: StatementInput[];
        sourcePolicyDocuments?: string[];
        overridePolicyDocuments?: string[];
        version?: string;
        policyId?: string;
    };
    const statements: PropertyMap[] = [];
    const bySid = new Map<string, number>();
    const add = (statement: PropertyMap, override: boolean) => {
        const sid = typeof statement.Sid === "string" ? statement.Sid : undefined;
        if (sid !== undefined && bySid.has(sid)) {
            if (override) statements[bySid.get(sid)!] = statement;
            return;
        }
        if (sid !== undefined) bySid.set(sid, statements.length);
        statements.push(statement);
    };
    const fromDocument = (doc: string) => {
        const parsed = JSON.parse(doc) as { Statement?: PropertyMap | PropertyMap[] };
        return Array.isArray(parsed.Statement) ? parsed.Statement : parsed.Statement ? [parsed.Statement] : [];
    };
    for (const doc of a.sourcePolicyDocuments ?? []) for (const s of fromDocument(doc)) add(s, false);
    for (const s of a.statements ?? []) add(statementJson(s), true);
    for (const doc of a.overridePolicyDocuments ?? []) for (const s of fromDocument(doc)) add(s, true);
    const document: PropertyMap = { Version: a.version ?? "2012-10-17" };
    if (a.policyId) document.Id = a.policyId;
    document.Statement = statements;
    const json = JSON.stringify(document, null, 2);
    return { json, minifiedJson: JSON.stringify(document), id: String(hash(json)) };
}

function hash(text: string): number {
    return createHash("sha256").update(text).digest().readUInt32BE(0);
}

export const invokes: Record<string, Invoke> = {
    "aws:index/getRegion:getRegion": (args, account) => {
        const region = (reveal(args.region) as string | undefined) ?? (reveal(args.name) as string | undefined) ?? account.region;
        return {
            id: region,
            name: region,
            region,
            endpoint: `ec2.${region}.amazonaws.com`,
            description: region === "us-east-1" ? "US East (N. Virginia)" : region,
        };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": (_args, account) => ({
        id: account.accountId,
        accountId: account.accountId,
        arn: `arn:${account.partition}:iam::${account.accountId}:user/aws-standin`,
        userId: "AIDASTANDIN0000000000",
    }),
    "aws:index/getPartition:getPartition": (_args, account) => ({
        id: account.partition,
        partition: account.partition,
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": (_args, account) => {
        const names = ["a", "b", "c"].map((s) => `${account.region}${s}`);
        return {
            id: account.region,
            names,
            zoneIds: names.map((_n, i) => `use1-az${i + 1}`),
            groupNames: [account.region],
            state: "available",
        };
    },
    "aws:iam/getPolicyDocument:getPolicyDocument": (args) => getPolicyDocument(args),
};

export function invoke(token: string, args: PropertyMap, account: Account): PropertyMap {
    const fn = invokes[token];
    if (!fn) {
        throw new Error(`aws-standin: the data source ${token} is not answered offline (answered: ${Object.keys(invokes).join(", ")}). ` + `Add it to test/support/aws-standin/invokes.ts.`);
    }
    return fn(args, account);
}

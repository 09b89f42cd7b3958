// The pretend AWS account every stand-in answer is made in, and the AWS-like error texts.
import { randomUuid } from "./values";

export interface Account {
    region: string;
    accountId: string;
    partition: string;
    /** The provider's `defaultTags.tags`, merged into every resource's tagsAll. */
    defaultTags: Record<string, string>;
}

export const ACCOUNT_ID = "123456789012";

export function defaultAccount(): Account {
    return {
        region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1",
        accountId: ACCOUNT_ID,
        partition: "aws",
        defaultTags: {},
    };
}

/** The account as the provider's configuration (aws:region, aws:defaultTags) says. */
export function accountFromConfig(variables: Record<string, string>, base: Account = defaultAccount()): Account {
    const account = { ...base };
    const region = variables["aws:region"] ?? variables["aws:config:region"];
    if (region) account.region = region;
    const defaultTags = variables["aws:defaultTags"] ?? variables["aws:config:defaultTags"];
    if (defaultTags) {
        try {
            const parsed = JSON.parse(defaultTags) as { tags?: Record<string, string> };
            account.defaultTags = parsed.tags ?? {};
        } catch {
            // A malformed value is the real provider's error to give; the stand-in ignores it.
        }
    }
    return account;
}

export function arn(account: Account, service: string, resource: string, options: { global?: boolean } = {}): string {
    const region = options.global ? "" : account.region;
    return `arn:${account.partition}:${service}:${region}:${account.accountId}:${resource}`;
}

/**
 * An error the way the real provider reports an AWS API refusal, e.g.
 * `creating RDS DB Instance (orders): operation error RDS: CreateDBInstance, https response error
 * StatusCode: 400, RequestID: ..., api error InvalidParameterValue: Invalid DB engine`.
 */
export function apiError(doing: string, what: string, id: string, operation: string, code: string, message: string): Error {
    const [service] = operation.split(":");
    return new Error(
        `${doing} ${what} (${id}): operation error ${service}: ${operation.split(":")[1]}, ` + `https response error StatusCode: 400, RequestID: ${randomUuid()}, api error ${code}: ${message}`,
    );
}

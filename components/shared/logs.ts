// The CloudWatch log groups RDS exports a database's logs to. RDS creates a missing group itself,
// with no retention (events never expire, and the bill grows forever), so the groups are created
// first, with a retention, under the exact names RDS writes to; the database depends on them.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { rdsLogGroupName } from "../../aws-facts/logs";

export interface DatabaseLogGroupsArgs {
    kind: "instance" | "cluster";
    identifier: string;
    logTypes: readonly string[];
    retentionDays: number;
    tags: Record<string, string>;
}

export function databaseLogGroups(name: string, args: DatabaseLogGroupsArgs, parent: pulumi.Resource): aws.cloudwatch.LogGroup[] {
    return args.logTypes.map(
        (logType) =>
            new aws.cloudwatch.LogGroup(`${name}-log-${logType}`, { name: rdsLogGroupName(args.kind, args.identifier, logType), retentionInDays: args.retentionDays, tags: args.tags }, { parent }),
    );
}

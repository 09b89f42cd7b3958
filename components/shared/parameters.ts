// The engine parameters a production database runs with: the engine's TLS switch on, an explicit
// max_connections, and enough logging to find slow statements and who connected. Pure tables
// first (tested without the engine), then the parameter group and the audit option group.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { maxConnectionsParameter } from "../../aws-facts/capacity";
import { EngineFamily } from "../../aws-facts/rds";
import { parameterGroupFamily, tlsParameter } from "../../aws-facts/parameter-groups";

export interface DbParameter {
    name: string;
    value: string;
    /** Static parameters only take effect at a reboot; RDS refuses "immediate" for them. */
    applyMethod: "immediate" | "pending-reboot";
}

export interface ParameterChoices {
    maxConnections: number;
    /** Statements slower than this are logged. */
    slowQueryMs: number;
}

/** The MySQL-family engines, whose parameters and audit plugin are spelled alike. */
export type MysqlFamily = "mysql" | "mariadb" | "aurora-mysql";
export type PostgresFamily = "postgres" | "aurora-postgresql";

export function isMysqlFamily(family: EngineFamily): family is MysqlFamily {
    return family === "mysql" || family === "mariadb" || family === "aurora-mysql";
}

/**
 * The parameters of a database of `family`. max_connections is static on PostgreSQL, and the TLS
 * switch was static on older versions: both wait for a reboot (on a new instance they apply at
 * creation). Logging parameters are dynamic and apply at once.
 */
export function databaseParameters(family: PostgresFamily | MysqlFamily, choices: ParameterChoices): DbParameter[] {
    const tls = tlsParameter(family)!;
    const common: DbParameter[] = [
        { name: tls.name, value: tls.onValues[0], applyMethod: "pending-reboot" },
        { name: maxConnectionsParameter, value: String(choices.maxConnections), applyMethod: "pending-reboot" },
    ];
    if (isMysqlFamily(family)) {
        return [
            ...common,
            { name: "slow_query_log", value: "1", applyMethod: "immediate" },
            { name: "long_query_time", value: String(choices.slowQueryMs / 1000), applyMethod: "immediate" },
            // The slowquery log export reads the file log; TABLE output would never reach CloudWatch.
            { name: "log_output", value: "FILE", applyMethod: "immediate" },
        ];
    }
    return [
        ...common,
        { name: "log_min_duration_statement", value: String(choices.slowQueryMs), applyMethod: "immediate" },
        { name: "log_connections", value: "1", applyMethod: "immediate" },
        { name: "log_disconnections", value: "1", applyMethod: "immediate" },
        { name: "log_lock_waits", value: "1", applyMethod: "immediate" },
        // Schema changes are the statements an incident review asks about first.
        { name: "log_statement", value: "ddl", applyMethod: "immediate" },
    ];
}

/**
 * The audit plugin RDS offers MySQL and MariaDB through an option group (the `audit` log export is
 * empty without it): connections, schema changes and grants, not every query.
 */
export const auditPlugin = {
    optionName: "MARIADB_AUDIT_PLUGIN",
    optionSettings: [
        { name: "SERVER_AUDIT_EVENTS", value: "CONNECT,QUERY_DDL,QUERY_DCL" },
        { name: "SERVER_AUDIT_LOGGING", value: "ON" },
    ],
} as const;

/** "8.0.39" -> "8.0", "10.11" -> "10.11": the major version option groups are made for. */
export function majorEngineVersion(engineVersion: string): string {
    const [major, minor] = engineVersion.split(".");
    return minor === undefined ? major : `${major}.${minor}`;
}

export interface ParameterGroupArgs {
    identifier: string;
    engine: string;
    engineVersion: string;
    parameters: DbParameter[];
    description: string;
    tags: Record<string, string>;
}

export function parameterGroup(name: string, args: ParameterGroupArgs, parent: pulumi.Resource): aws.rds.ParameterGroup {
    return new aws.rds.ParameterGroup(
        `${name}-params`,
        {
            namePrefix: `${args.identifier}-`,
            family: parameterGroupFamily(args.engine, args.engineVersion),
            description: `${args.description}: TLS only, max_connections, slow-query and connection logging`,
            parameters: args.parameters,
            tags: args.tags,
        },
        { parent },
    );
}

export function auditOptionGroup(
    name: string,
    args: { identifier: string; engine: "mysql" | "mariadb"; engineVersion: string; description: string; tags: Record<string, string> },
    parent: pulumi.Resource,
): aws.rds.OptionGroup {
    return new aws.rds.OptionGroup(
        `${name}-options`,
        {
            namePrefix: `${args.identifier}-`,
            engineName: args.engine,
            majorEngineVersion: majorEngineVersion(args.engineVersion),
            optionGroupDescription: `${args.description}: audit plugin for the audit log export`,
            options: [{ optionName: auditPlugin.optionName, optionSettings: [...auditPlugin.optionSettings] }],
            tags: args.tags,
        },
        { parent },
    );
}

// The parameters of an Aurora cluster: in Aurora the TLS switch and the audit trail are cluster
// settings (the cluster parameter group), while max_connections belongs to each instance (the DB
// parameter group, sized for the instance class). Built from the same choices as an RDS instance's
// parameters (shared/parameters.ts), split where Aurora keeps them.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { maxConnectionsParameter } from "../../aws-facts/capacity";
import { parameterGroupFamily, tlsParameter } from "../../aws-facts/parameter-groups";
import { DbParameter, ParameterChoices, auditPlugin, databaseParameters } from "../shared/parameters";
import { AuroraEngine } from "./engines";

/**
 * Aurora MySQL's require_secure_transport takes ON/OFF (RDS for MySQL's takes 1/0); its audit trail
 * is the built-in Advanced Auditing, switched on with server_audit_logging and scoped with
 * server_audit_events (connections, schema changes and grants, as the RDS audit plugin records).
 */
function auroraMysqlSettings(parameters: DbParameter[]): DbParameter[] {
    const tls = tlsParameter("aurora-mysql")!;
    const events = auditPlugin.optionSettings.find((s) => s.name === "SERVER_AUDIT_EVENTS")!.value;
    return [
        ...parameters.map((p) => (p.name === tls.name ? { ...p, value: "ON" } : p)),
        { name: "server_audit_logging", value: "1", applyMethod: "immediate" },
        { name: "server_audit_events", value: events, applyMethod: "immediate" },
    ];
}

/** The cluster parameter group's parameters (TLS, logging, audit) and the instances' (max_connections). */
export function auroraParameters(engine: AuroraEngine, choices: ParameterChoices): { cluster: DbParameter[]; instance: DbParameter[] } {
    const all = databaseParameters(engine, choices);
    const instance = all.filter((p) => p.name === maxConnectionsParameter);
    const cluster = all.filter((p) => p.name !== maxConnectionsParameter);
    return { cluster: engine === "aurora-mysql" ? auroraMysqlSettings(cluster) : cluster, instance };
}

export interface AuroraParameterGroupsArgs {
    identifier: string;
    engine: AuroraEngine;
    engineVersion: string;
    choices: ParameterChoices;
    description: string;
    tags: Record<string, string>;
}

export interface AuroraParameterGroups {
    cluster: aws.rds.ClusterParameterGroup;
    instance: aws.rds.ParameterGroup;
}

export function auroraParameterGroups(name: string, args: AuroraParameterGroupsArgs, parent: pulumi.Resource): AuroraParameterGroups {
    const family = parameterGroupFamily(args.engine, args.engineVersion);
    const parameters = auroraParameters(args.engine, args.choices);
    const cluster = new aws.rds.ClusterParameterGroup(
        `${name}-cluster-params`,
        {
            namePrefix: `${args.identifier}-`,
            family,
            description: `${args.description}: TLS only, slow-query, connection and audit logging`,
            parameters: parameters.cluster,
            tags: args.tags,
        },
        { parent },
    );
    const instance = new aws.rds.ParameterGroup(
        `${name}-instance-params`,
        {
            namePrefix: `${args.identifier}-`,
            family,
            description: `${args.description} instances: max_connections for their class`,
            parameters: parameters.instance,
            tags: args.tags,
        },
        { parent },
    );
    return { cluster, instance };
}

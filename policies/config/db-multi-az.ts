import type * as aws from "@pulumi/aws";
import { z } from "zod";
import { auroraServerlessV1EngineMode, isMultiAzDbCluster } from "../../aws-facts/capacity";
import { apiDefaults } from "../../aws-facts/rds";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, engineOf } from "../lib/databases";
import { defineStackPolicy } from "../lib/define";
import { UNKNOWN, asBoolean, asString } from "../lib/values";
import { clusterMembers } from "../lib/database-links";
import { cacheTypes, reportOn } from "../lib/key-value-stores";
import { checkStoreMultiAz } from "./key-value-stores";
import { checkDocdbNeptuneRedshiftMultiAz, checkMembersSpread, multiAzTypes } from "../engines/multi-az";

export const dbMultiAz = defineStackPolicy({
    name: "db-multi-az",
    checklistItem: "config",
    description: "Each database survives the loss of an Availability Zone: RDS instances run Multi-AZ; Aurora clusters have at least two instances in different AZs.",
    severity: "high",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Set `multiAz: true` on the aws.rds.Instance. For Aurora, add a second aws.rds.ClusterInstance with `clusterIdentifier: cluster.id` (a reader in another AZ that takes over on failure); " +
        "leave `availabilityZone` unset to let AWS spread them, or set different zones. Aurora Serverless v1 and Multi-AZ DB clusters are Multi-AZ by design. " +
        "Read replicas are not judged: the primary's standby protects writes, and a replica's own Multi-AZ matters only once it is promoted. " +
        "ElastiCache replication groups: `automaticFailoverEnabled: true`, `multiAzEnabled: true` and a replica (`numCacheClusters: 2`, or `replicasPerNodeGroup: 1` with cluster mode); " +
        'Memcached clusters: `azMode: "cross-az"` with two nodes or more; MemoryDB: `numReplicasPerShard` of 1 or more (the default). DynamoDB tables and serverless caches are Multi-AZ by design.' +
        " DocumentDB and Neptune: at least two aws.docdb.ClusterInstance / aws.neptune.ClusterInstance in different zones, and no single-zone `availabilityZones`; Redshift: `multiAz: true` (RA3 node types). Redshift Serverless spreads a workgroup over its subnets' zones by design.",
    peers: ["CKV_AWS_157", "Security Hub RDS.5", "Security Hub RDS.15", "CKV2_AWS_50", "Security Hub ElastiCache.3", "cdk-nag AwsSolutions-AEC4", "cdk-nag AwsSolutions-N1"],
    config: {
        minInstances: z.number().int().min(1).default(2).describe("Minimum number of aws.rds.ClusterInstance resources an Aurora cluster needs."),
    },
    judges: [types.instance, types.cluster, types.clusterInstance, types.elasticacheReplicationGroup, types.elasticacheCluster, types.memorydbCluster, ...multiAzTypes],
    check(stack, config, report) {
        for (const db of stack.ofType(...cacheTypes)) checkStoreMultiAz(db, reportOn(report, db));
        for (const db of stack.ofType(types.instance)) {
            if (databaseRole(db) !== "instance") continue;
            const raw = db.get<aws.rds.InstanceArgs>("multiAz");
            const multiAz = asBoolean(raw);
            if (multiAz === UNKNOWN) {
                report.unknown(db, "multiAz");
                continue;
            }
            if (multiAz === true) continue;
            report.violation(db, {
                property: "multiAz",
                seen: raw,
                wanted: `true, a synchronous standby in another Availability Zone${raw === undefined ? ` (unset means ${apiDefaults.multiAz})` : ""}`,
                fix: `set \`multiAz: true\` in ${argsOf(db)}.`,
            });
        }

        const members = clusterMembers(stack);
        for (const cluster of stack.ofType(types.cluster)) {
            const engine = engineOf(cluster);
            const mode = asString(cluster.get<aws.rds.ClusterArgs>("engineMode"));
            if (engine === UNKNOWN || mode === UNKNOWN) {
                report.unknown(cluster, engine === UNKNOWN ? "engine" : "engineMode");
                continue;
            }
            if (isMultiAzDbCluster(engine) || mode === auroraServerlessV1EngineMode) continue;
            const instances = members.of(cluster);
            // Cluster instances whose clusterIdentifier is not known yet may belong to this cluster.
            if (instances.length < config.minInstances && members.unresolved.length > 0) {
                report.unknown(cluster, `clusterIdentifier of ${members.unresolved[0].label}`);
                continue;
            }
            const takesOver = "a reader in another AZ takes over when the writer's AZ fails";
            checkMembersSpread(cluster, instances, { minInstances: config.minInstances, memberClass: "aws.rds.ClusterInstance", takesOver }, report);
        }
        checkDocdbNeptuneRedshiftMultiAz(stack, config.minInstances, report);
    },
});

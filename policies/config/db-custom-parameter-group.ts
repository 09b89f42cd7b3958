import type * as aws from "@pulumi/aws";
import { isDefaultParameterGroupName } from "../../aws-facts/parameter-groups";
import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { UNKNOWN, asString } from "../lib/values";
import { checkCustomParameterGroup, customParameterGroupTypes } from "../engines/config";
import { serviceOf } from "../engines/types";

export const dbCustomParameterGroup = defineResourcePolicy({
    name: "db-custom-parameter-group",
    checklistItem: "config",
    description: "Each database uses its own parameter group (not AWS's default.* group), so parameters such as TLS, logging and max_connections can be set.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        "Create an aws.rds.ParameterGroup (aws.rds.ClusterParameterGroup for a cluster) with the engine's family, e.g. `family: \"postgres16\"`, and set " +
        "`parameterGroupName: group.name` on the aws.rds.Instance (read replicas too) or `dbClusterParameterGroupName: group.name` on the aws.rds.Cluster. " +
        "AWS's default.* groups cannot be modified. Aurora cluster instances are not judged: their DB parameter group is optional (cluster parameters apply to them)." +
        " aws.docdb.Cluster: `dbClusterParameterGroupName`; aws.neptune.Cluster: `neptuneClusterParameterGroupName`; aws.redshift.Cluster: `clusterParameterGroupName`.",
    peers: [],
    config: {},
    resourceTypes: [...storageOwnerTypes, ...customParameterGroupTypes],
    check(db, _config, report) {
        if (serviceOf(db)) return checkCustomParameterGroup(db, report);
        // Aurora members created as aws.rds.Instance take their parameters from the cluster's group.
        if (databaseRole(db) === "aurora-member") return;
        const cluster = db.type === types.cluster;
        const property = cluster ? "dbClusterParameterGroupName" : "parameterGroupName";
        const raw = db.get<aws.rds.InstanceArgs & aws.rds.ClusterArgs>(property);
        const name = asString(raw);
        if (name === UNKNOWN) return report.unknown(property);
        if (typeof name === "string" && name.trim() !== "" && !isDefaultParameterGroupName(name.trim().toLowerCase())) return;
        const unset = typeof name !== "string" || name.trim() === "";
        const unsetMeaning =
            databaseRole(db) === "read-replica"
                ? " (unset: a read replica in the same region takes its source's group, one in another region the engine's default group; name it so the replica's parameters do not depend on where it runs)"
                : " (unset means RDS attaches the engine's default.<family> group)";
        report.violation({
            property,
            seen: raw,
            wanted: `the name of a custom ${cluster ? "DB cluster " : "DB "}parameter group, not a default.* group, which cannot be modified${unset ? unsetMeaning : ""}`,
            fix:
                `create an ${cluster ? "aws.rds.ClusterParameterGroup" : "aws.rds.ParameterGroup"} with the engine's family and set ` +
                `\`${property}: group.name\` in ${argsOf(db)}.`,
        });
    },
});

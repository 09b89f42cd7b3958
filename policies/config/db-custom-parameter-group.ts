import { types } from "../../aws-facts/resource-types";
import { argsOf, databaseRole, storageOwnerTypes } from "../lib/databases";
import { defineResourcePolicy } from "../lib/define";
import { parameterGroupName, rdsParameterGroupSlots } from "../lib/parameter-groups";
import { asString } from "../lib/values";
import { checkCustomParameterGroup, customParameterGroupTypes } from "../engines/config";
import { serviceOf } from "../engines/types";

export const dbCustomParameterGroup = defineResourcePolicy({
    name: "db-custom-parameter-group",
    checklistItem: "config",
    description: "Each database uses its own parameter group (not AWS's default.* group), so parameters such as TLS, logging and max_connections can be set.",
    severity: "medium",
    enforcementLevel: "mandatory",
    remediationSteps:
        'Create an aws.rds.ParameterGroup (aws.rds.ClusterParameterGroup for a cluster) with the engine\'s family, e.g. `family: "postgres16"`, and set ' +
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
        const [slot] = rdsParameterGroupSlots(db);
        const { property } = slot;
        const named = parameterGroupName(slot);
        if (named.kind === "unknown") return report.unknown(property);
        if (named.kind === "custom") return;
        const { raw } = named;
        const name = asString(raw);
        const unset = typeof name !== "string" || name.trim() === "";
        const unsetMeaning =
            databaseRole(db) === "read-replica"
                ? " (unset: a read replica in the same region takes its source's group, one in another region the engine's default group; name it so the replica's parameters do not depend on where it runs)"
                : " (unset means RDS attaches the engine's default.<family> group)";
        report.violation({
            property,
            seen: raw,
            wanted: `the name of a custom ${cluster ? "DB cluster " : "DB "}parameter group, not a default.* group, which cannot be modified${unset ? unsetMeaning : ""}`,
            fix: `create an ${cluster ? "aws.rds.ClusterParameterGroup" : "aws.rds.ParameterGroup"} with the engine's family and set ` + `\`${property}: group.name\` in ${argsOf(db)}.`,
        });
    },
});

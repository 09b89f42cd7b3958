// DocumentDB, Neptune, Redshift and Redshift Serverless resources as the pack's policies see them:
// which type tokens each policy judges, and which service a resource belongs to. The RDS policies
// dispatch here (one line each) for these types; the facts live in aws-facts/{docdb,neptune,redshift}.ts.
import { docdbTypes } from "../../aws-facts/docdb";
import { neptuneTypes } from "../../aws-facts/neptune";
import { redshiftTypes } from "../../aws-facts/redshift";
import { ResourceUnderCheck } from "../lib/resource";

export type Service = "docdb" | "neptune" | "redshift" | "redshift-serverless";

const serviceByType: Record<string, Service> = {
    [docdbTypes.cluster]: "docdb",
    [docdbTypes.clusterInstance]: "docdb",
    [docdbTypes.clusterParameterGroup]: "docdb",
    [neptuneTypes.cluster]: "neptune",
    [neptuneTypes.clusterInstance]: "neptune",
    [neptuneTypes.clusterParameterGroup]: "neptune",
    [redshiftTypes.cluster]: "redshift",
    [redshiftTypes.parameterGroup]: "redshift",
    [redshiftTypes.logging]: "redshift",
    [redshiftTypes.workgroup]: "redshift-serverless",
    [redshiftTypes.namespace]: "redshift-serverless",
};

/** The service of a DocumentDB / Neptune / Redshift resource; undefined for RDS and everything else. */
export function serviceOf(r: ResourceUnderCheck): Service | undefined {
    return serviceByType[r.type];
}

export const serviceNames: Record<Service, string> = {
    docdb: "DocumentDB",
    neptune: "Neptune",
    redshift: "Redshift",
    "redshift-serverless": "Redshift Serverless",
};

/** DocumentDB and Neptune clusters: Aurora-like, they own backups, encryption, deletion protection, snapshots, logs. */
export const docdbNeptuneClusterTypes = [docdbTypes.cluster, neptuneTypes.cluster] as const;
export const docdbNeptuneInstanceTypes = [docdbTypes.clusterInstance, neptuneTypes.clusterInstance] as const;

/** Resources that hold the data (backups, encryption, final snapshot, drills): the clusters and the Serverless namespace. */
export const docdbNeptuneRedshiftStorageOwnerTypes = [...docdbNeptuneClusterTypes, redshiftTypes.cluster, redshiftTypes.namespace] as const;

/** Every database resource of these services (runbook policies judge instances and workgroups, like Aurora members, only when asked). */
export const docdbNeptuneRedshiftDatabaseTypes = [...docdbNeptuneClusterTypes, ...docdbNeptuneInstanceTypes, redshiftTypes.cluster, redshiftTypes.namespace, redshiftTypes.workgroup] as const;

/**
 * The same roles as RDS (lib/databases.ts): DocumentDB / Neptune clusters, Redshift clusters and
 * Serverless namespaces own the data; DocumentDB / Neptune cluster instances and Serverless
 * workgroups are the compute that serves it.
 */
export function docdbNeptuneRedshiftRole(type: string): "cluster" | "cluster-instance" | undefined {
    if ((docdbNeptuneRedshiftStorageOwnerTypes as readonly string[]).includes(type)) return "cluster";
    if ((docdbNeptuneInstanceTypes as readonly string[]).includes(type) || type === redshiftTypes.workgroup) return "cluster-instance";
    return undefined;
}

/** Clusters that AWS knows by their clusterIdentifier (alarm dimensions, event sources), like an RDS cluster. */
export const clusterIdentifierTypes: readonly string[] = [...docdbNeptuneClusterTypes, redshiftTypes.cluster];

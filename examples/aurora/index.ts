// db-preflight example: the Aurora cluster behind a "ledger" service, built with ProductionAuroraCluster.
//
// `pulumi up` creates a small VPC with three private subnets in three Availability Zones (no route
// to the internet: the health check and the app-user provisioner reach Secrets Manager and
// CloudWatch through VPC endpoints), a security group standing for the application, and an Aurora
// cluster that passes the whole pre-production checklist with the component's defaults: a writer
// and a reader in different zones (more readers added on CPU), encrypted with a rotating key, TLS
// only, audit logging, RDS-managed master secret, a least-privilege app user, backups copied to a
// second region and restore-tested weekly, alarms on the cluster and each instance, event
// notifications, a health check of the writer endpoint and a runbook.
//
//   cd examples/aurora
//   pulumi config set aws:region eu-west-1        # default us-east-1 (Pulumi.yaml)
//   pulumi config set engine aurora-mysql         # default aurora-postgresql
//   pulumi config set owner team-payments         # also onCall, runbookUrl, alarmEmail
//   pulumi preview --policy-pack ../../policies   # the checklist, enforced
import * as pulumi from "@pulumi/pulumi";
import { ProductionAuroraCluster } from "../../components";
import { exampleNetwork } from "../shared/network";

const config = new pulumi.Config();
const engine = config.require("engine");
if (engine !== "aurora-postgresql" && engine !== "aurora-mysql") throw new Error(`config engine: ${JSON.stringify(engine)} is not "aurora-postgresql" or "aurora-mysql"`);

// ---- Network: three private subnets in three Availability Zones --------------------------------

const { vpc, subnets, app } = exampleNetwork("ledger", 43, 3);

// ---- The cluster -------------------------------------------------------------------------------

const alarmEmail = config.get("alarmEmail");
const cluster = new ProductionAuroraCluster("ledger", {
    engine,
    network: {
        vpcId: vpc.id,
        subnetIds: subnets.map((s) => s.id),
        allowedSecurityGroupIds: [app.id],
        // The writer in the first subnet's zone, the reader in the second's.
        availabilityZones: subnets.map((s) => s.availabilityZone),
    },
    // A writer and a reader; Aurora Auto Scaling adds up to 2 more readers when their CPU passes 70%.
    instances: 2,
    readerAutoScaling: { maxReaders: 3 },
    appUsers: [{ name: "ledger_app", privilege: "readwrite", databases: ["ledger"] }],
    // The service runs up to 8 tasks with a pool of 25 connections each: 200 of each instance's max_connections.
    connectionPools: [{ name: "ledger-api", size: 25, replicas: 8 }],
    monitoring: { alarmEmails: alarmEmail ? [alarmEmail] : [] },
    runbook: { url: config.require("runbookUrl") },
    ownership: { owner: config.require("owner"), onCall: config.require("onCall") },
    // After each restore or failover drill (see the runbook), record its date: `pulumi config set failoverTestedAt 2025-01-31`.
    drills: { restoreTestedAt: config.get("restoreTestedAt"), failoverTestedAt: config.get("failoverTestedAt") },
});

export const endpoint = cluster.endpoint;
export const readerEndpoint = cluster.readerEndpoint;
export const port = cluster.port;
export const instances = cluster.instanceIdentifiers;
export const securityGroupId = cluster.securityGroupId;
export const masterSecretArn = cluster.masterSecretArn;
export const appUserSecretArns = cluster.appUserSecretArns;
export const alarmTopicArn = cluster.alarmTopicArn;
export const runbook = cluster.runbook;

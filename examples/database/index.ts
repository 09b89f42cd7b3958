// db-preflight example: the database behind an "orders" service, built with ProductionDatabase.
//
// `pulumi up` creates a small VPC with two private subnets (no route to the internet: the health
// check and the app-user provisioner reach Secrets Manager and CloudWatch through VPC endpoints),
// a security group standing for the application, and a PostgreSQL database that passes the whole
// pre-production checklist with the component's defaults: Multi-AZ, encrypted with a rotating key,
// TLS only, RDS-managed master secret, a least-privilege app user, backups copied to a second
// region and restore-tested weekly, alarms, event notifications, a health check and a runbook.
//
//   cd examples/database
//   pulumi config set aws:region eu-west-1        # default us-east-1 (Pulumi.yaml)
//   pulumi config set owner team-payments         # also onCall, runbookUrl, alarmEmail
//   pulumi preview --policy-pack ../../policies   # the checklist, enforced
import * as pulumi from "@pulumi/pulumi";
import { ProductionDatabase } from "../../components";
import { exampleNetwork } from "../shared/network";

const config = new pulumi.Config();

// ---- Network: two private subnets in two Availability Zones ------------------------------------

const { vpc, subnets, app } = exampleNetwork("orders", 42, 2);

// ---- The database ------------------------------------------------------------------------------

const alarmEmail = config.get("alarmEmail");
const database = new ProductionDatabase("orders", {
    engine: "postgres",
    network: { vpcId: vpc.id, subnetIds: subnets.map((s) => s.id), allowedSecurityGroupIds: [app.id] },
    appUsers: [{ name: "orders_app", privilege: "readwrite", databases: ["orders"] }],
    // The service runs up to 6 tasks with a pool of 20 connections each: 120 of max_connections.
    connectionPools: [{ name: "orders-api", size: 20, replicas: 6 }],
    monitoring: { alarmEmails: alarmEmail ? [alarmEmail] : [] },
    runbook: { url: config.require("runbookUrl") },
    ownership: { owner: config.require("owner"), onCall: config.require("onCall") },
    // After each restore or failover drill (see the runbook), record its date: `pulumi config set failoverTestedAt 2025-01-31`.
    drills: { restoreTestedAt: config.get("restoreTestedAt"), failoverTestedAt: config.get("failoverTestedAt") },
});

export const endpoint = database.endpoint;
export const port = database.port;
export const securityGroupId = database.securityGroupId;
export const masterSecretArn = database.masterSecretArn;
export const appUserSecretArns = database.appUserSecretArns;
export const alarmTopicArn = database.alarmTopicArn;
export const runbook = database.runbook;

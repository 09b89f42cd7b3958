import { RunbookFacts, renderRunbook } from "../../../components/shared/runbook";

const facts: RunbookFacts = {
    identifier: "orders",
    engine: "PostgreSQL 16",
    region: "eu-west-1",
    endpoint: "orders.c1.eu-west-1.rds.amazonaws.com",
    port: 5432,
    databaseName: "orders",
    masterUsername: "orders_admin",
    masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1",
    arn: "arn:aws:rds:eu-west-1:123456789012:db:orders",
    multiAz: true,
    backupRetentionDays: 14,
    backupWindow: "03:00-04:00",
    maintenanceWindow: "sun:05:00-sun:06:00",
    subnetGroupName: "orders-subnets",
    securityGroupId: "sg-0db",
    parameterGroupName: "orders-params",
    backup: { vaultName: "orders-backups", copy: { vaultName: "orders-backups-copy", region: "eu-central-1" }, restoreTesting: true },
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:orders-alerts",
    alarmNames: ["orders-cpu", "orders-health-check"],
    logGroups: ["/aws/rds/instance/orders/postgresql", "/aws/rds/instance/orders/upgrade"],
    healthCheckFunction: "orders-health-check",
    appUsers: [{ name: "orders_app", privilege: "readwrite", secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders_app" }],
    appUsersFunction: "orders-app-users",
    owner: "team-orders",
    onCall: "orders-oncall",
    runbookUrl: "https://runbooks.example.com/databases/orders",
};

const lines = (text: string) => text.split("\n");

describe("renderRunbook", () => {
    const text = renderRunbook(facts);

    it("says who owns the database and who to call first", () => {
        expect(lines(text)[0]).toBe("# Runbook: orders (PostgreSQL 16)");
        expect(text).toContain("Owner: **team-orders**. On call: **orders-oncall**. Region: eu-west-1. This page: https://runbooks.example.com/databases/orders");
        expect(text).toContain("1. Page **orders-oncall** (alerts already go to arn:aws:sns:eu-west-1:123456789012:orders-alerts).");
    });

    it("restores to a point in time into the database's own network, parameters and protections", () => {
        const restore = text.slice(text.indexOf("## Restore to a point in time"), text.indexOf("## Restore from a snapshot"));
        expect(lines(restore)).toEqual(
            expect.arrayContaining([
                "aws rds restore-db-instance-to-point-in-time \\",
                "  --source-db-instance-identifier orders \\",
                "  --target-db-instance-identifier orders-restored \\",
                "  --db-subnet-group-name orders-subnets \\",
                "  --vpc-security-group-ids sg-0db \\",
                "  --db-parameter-group-name orders-params \\",
                "  --multi-az \\",
                "  --no-publicly-accessible \\",
                "  --deletion-protection \\",
                "  --region eu-west-1",
            ]),
        );
        expect(restore).toContain("aws rds describe-db-instances --db-instance-identifier orders --query 'DBInstances[0].LatestRestorableTime' --region eu-west-1");
    });

    it("finds snapshots in RDS, in the AWS Backup vault and in the copy region", () => {
        expect(text).toContain("aws backup list-recovery-points-by-resource --resource-arn arn:aws:rds:eu-west-1:123456789012:db:orders --region eu-west-1");
        expect(text).toContain("aws backup list-recovery-points-by-backup-vault --backup-vault-name orders-backups-copy --region eu-central-1");
        expect(text).toContain("If eu-west-1 is unavailable, restore the copy in eu-central-1");
    });

    it("fails over a Multi-AZ database by rebooting with failover", () => {
        expect(text).toContain("aws rds reboot-db-instance --db-instance-identifier orders --force-failover --region eu-west-1");
    });

    it("says plainly that a single-AZ database cannot fail over", () => {
        const single = renderRunbook({ ...facts, multiAz: false });
        expect(single).not.toContain("--force-failover");
        expect(single).toContain("This database is **single-AZ**: there is no standby to fail over to.");
        expect(single).toContain("  --no-multi-az \\");
    });

    it("rotates the master secret and each app user's secret", () => {
        expect(text).toContain("aws secretsmanager rotate-secret --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1 --region eu-west-1");
        expect(text).toContain("| `orders_app` | readwrite | `arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders_app` |");
        expect(text).toContain("aws secretsmanager rotate-secret --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders_app --region eu-west-1");
    });

    it("calls out what is missing when checklist items were switched off", () => {
        const bare = renderRunbook({ ...facts, backup: undefined, healthCheckFunction: undefined, appUsers: [], appUsersFunction: undefined });
        expect(bare).toContain("| AWS Backup | **none**: only the automated backups above |");
        expect(bare).toContain("| Health check | **none** |");
        expect(bare).not.toContain("aws backup list-recovery-points");
        const untested = renderRunbook({ ...facts, backup: { vaultName: "orders-backups", restoreTesting: false } });
        expect(untested).toContain("| AWS Backup | vault `orders-backups`, no copy outside the region; **restores not tested automatically** |");
    });

    it("adds the option group to restores of MySQL and MariaDB", () => {
        expect(renderRunbook({ ...facts, optionGroupName: "orders-options" })).toContain("  --option-group-name orders-options \\");
    });
});

// What every check of a database reads: the target declared in the stack, the database as AWS
// describes it now (asked once, shared by the checks), the clock, the thresholds, and lookups
// shared across databases (event subscriptions per region, alert topics).
import type { DBCluster, DBInstance, EventSubscription } from "@aws-sdk/client-rds";
import { AwsAccess, CannotVerify, isNotFound } from "./aws";
import { Target } from "./targets";

export interface Thresholds {
    /** How far behind now the latest restorable time may be. */
    pitrMaxLagMinutes: number;
    /** Added to a schedule's last firing and windows before a job counts as late. */
    backupMarginHours: number;
    /** How old the latest validated restore test may be, when no restore testing plan says it. */
    restoreTestMaxAgeDays: number;
    /** How old a recorded drill may be. */
    drillMaxAgeDays: number;
    /** How far back the health check's metric is read. */
    healthWindowMinutes: number;
}

export const defaultThresholds: Thresholds = {
    pitrMaxLagMinutes: 15,
    backupMarginHours: 1,
    restoreTestMaxAgeDays: 8,
    drillMaxAgeDays: 90,
    healthWindowMinutes: 15,
};

/** The database as AWS describes it: an instance, or a cluster with its instances. */
export type LiveDatabase = { kind: "instance"; instance: DBInstance } | { kind: "cluster"; cluster: DBCluster; instances: DBInstance[] };

/** The database does not exist in the account and region asked: every check fails with this. */
export class DatabaseMissing extends Error {}

/** Lookups several databases share, asked once per region or topic. */
export class SharedLookups {
    private readonly subscriptions = new Map<string, Promise<EventSubscription[]>>();
    private readonly topics = new Map<string, Promise<Record<string, string>>>();

    constructor(private readonly aws: AwsAccess) {}

    eventSubscriptions(region: string | undefined): Promise<EventSubscription[]> {
        const key = region ?? "";
        let found = this.subscriptions.get(key);
        if (!found) {
            found = (async () => {
                const all: EventSubscription[] = [];
                let Marker: string | undefined;
                do {
                    const page = await this.aws.send("describeEventSubscriptions", region, { MaxRecords: 100, ...(Marker ? { Marker } : {}) });
                    all.push(...(page.EventSubscriptionsList ?? []));
                    Marker = page.Marker;
                } while (Marker);
                return all;
            })();
            this.subscriptions.set(key, found);
        }
        return found;
    }

    topicAttributes(topicArn: string): Promise<Record<string, string>> {
        let found = this.topics.get(topicArn);
        if (!found) {
            const region = topicArn.split(":")[3] || undefined;
            found = this.aws.send("getTopicAttributes", region, { TopicArn: topicArn }).then((r) => r.Attributes ?? {});
            this.topics.set(topicArn, found);
        }
        return found;
    }
}

export class CheckContext {
    private live?: Promise<LiveDatabase>;

    constructor(
        readonly target: Target,
        readonly aws: AwsAccess,
        readonly shared: SharedLookups,
        readonly thresholds: Thresholds,
        readonly now: number,
    ) {}

    get region(): string | undefined {
        return this.target.region ?? this.aws.defaultRegion;
    }

    /** The identifier, or CannotVerify when the state holds none (a database never created). */
    identifier(): string {
        if (!this.target.identifier) throw new CannotVerify(`the stack state holds no identifier for ${this.target.db.label}; run \`pulumi up\` first`);
        return this.target.identifier;
    }

    /** The database's ARN: from the state, else as AWS describes it. */
    async arn(): Promise<string> {
        if (this.target.arn) return this.target.arn;
        const live = await this.database();
        const arn = live.kind === "instance" ? live.instance.DBInstanceArn : live.cluster.DBClusterArn;
        if (!arn) throw new CannotVerify(`AWS returned no ARN for ${this.target.db.label}`);
        return arn;
    }

    database(): Promise<LiveDatabase> {
        this.live ??= this.describe();
        return this.live;
    }

    private async describe(): Promise<LiveDatabase> {
        const id = this.identifier();
        try {
            if (this.target.kind === "instance") {
                const found = await this.aws.send("describeDbInstances", this.region, { DBInstanceIdentifier: id });
                const instance = found.DBInstances?.[0];
                if (!instance) throw new DatabaseMissing();
                return { kind: "instance", instance };
            }
            const found = await this.aws.send("describeDbClusters", this.region, { DBClusterIdentifier: id });
            const cluster = found.DBClusters?.[0];
            if (!cluster) throw new DatabaseMissing();
            const instances: DBInstance[] = [];
            let Marker: string | undefined;
            do {
                const page = await this.aws.send("describeDbInstances", this.region, { Filters: [{ Name: "db-cluster-id", Values: [id] }], ...(Marker ? { Marker } : {}) });
                instances.push(...(page.DBInstances ?? []));
                Marker = page.Marker;
            } while (Marker);
            return { kind: "cluster", cluster, instances };
        } catch (e) {
            if (isNotFound(e)) throw new DatabaseMissing();
            throw e;
        }
    }
}

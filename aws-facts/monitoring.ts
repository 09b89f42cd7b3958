// Enhanced Monitoring and Performance Insights / Database Insights facts. Sources: RDS API
// reference (CreateDBInstance MonitoringInterval), "Amazon RDS DB engine, Region, and instance
// class support for Database Insights" (RDS User Guide) and its Aurora counterpart.
import type { EngineFamily } from "./rds";

/** MonitoringInterval values RDS accepts, in seconds; 0 turns Enhanced Monitoring off (the API default). */
export const enhancedMonitoringIntervals = [0, 1, 5, 10, 15, 30, 60] as const;

/** The databaseInsightsMode that keeps 15 months of history (it needs Performance Insights on); "standard" is the free tier. */
export const advancedDatabaseInsightsMode = "advanced";

/**
 * Whether Performance Insights / Database Insights is known NOT to be available for this engine
 * and instance class: RDS for MySQL and MariaDB on db.t2/db.t3/db.t4g micro and small; Aurora
 * MySQL on any db.t2 or db.t3 class and on db.t4g micro and small. Everything else is assumed
 * supported (the policy then asks for it).
 */
export function insightsUnsupported(family: EngineFamily, instanceClass: string): boolean {
    const c = instanceClass.trim().toLowerCase();
    const smallBurstable = /^db\.t(2|3|4g)\.(micro|small)$/.test(c);
    switch (family) {
        case "mysql":
        case "mariadb":
            return smallBurstable;
        case "aurora-mysql":
            return smallBurstable || /^db\.t(2|3)\./.test(c);
        default:
            return false;
    }
}

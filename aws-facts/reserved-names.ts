// Names RDS refuses for the initial database (DBName / DatabaseName) and the master user
// (MasterUsername): "Can't be a word reserved by the database engine" (CreateDBInstance,
// CreateDBCluster), plus the databases and roles the engine or RDS itself owns.
// Sources: PostgreSQL "SQL Key Words" (reserved, and reserved that can be a function or type name;
// read from pg_get_keywords() of PostgreSQL 15, plus system_user, reserved since 16); MySQL 8.0 / 8.4
// "Keywords and Reserved Words" and MariaDB "Reserved Words" (the MariaDB list read from MariaDB
// 10.11 by trying each keyword as an alias; the MySQL-only ones added by hand). One list serves
// MySQL, MariaDB and Aurora MySQL: a word reserved by one of them is a poor name on all three.
import { Protocol, protocolOf } from "./rds";

const postgresReserved =
    "all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate collation column concurrently constraint create cross " +
    "current_catalog current_date current_role current_schema current_time current_timestamp current_user default deferrable desc distinct do else end except " +
    "false fetch for foreign freeze from full grant group having ilike in initially inner intersect into is isnull join lateral leading left like limit localtime " +
    "localtimestamp natural not notnull null offset on only or order outer overlaps placing primary references returning right select session_user similar some " +
    "symmetric system_user table tablesample then to trailing true union unique user using variadic verbose when where window with";

const mysqlReserved =
    "accessible add all alter analyze and as asc asensitive before between bigint binary blob both by call cascade case change char character check collate column " +
    "condition constraint continue convert create cross cube cume_dist current_date current_role current_time current_timestamp current_user cursor database databases " +
    "day_hour day_microsecond day_minute day_second dec decimal declare default delayed delete dense_rank desc describe deterministic distinct distinctrow div double " +
    "drop dual each else elseif empty enclosed escaped except exists exit explain false fetch first_value float float4 float8 for force foreign from fulltext function " +
    "generated get grant group grouping groups having high_priority hour_microsecond hour_minute hour_second if ignore in index infile inner inout insensitive insert " +
    "int int1 int2 int3 int4 int8 integer intersect interval into io_after_gtids io_before_gtids is iterate join json_table key keys kill lag last_value lateral lead " +
    "leading leave left like limit linear lines load localtime localtimestamp lock long longblob longtext loop low_priority manual master_bind " +
    "master_ssl_verify_server_cert match maxvalue mediumblob mediumint mediumtext middleint minute_microsecond minute_second mod modifies natural no_write_to_binlog " +
    "not nth_value ntile null numeric of offset on optimize optimizer_costs option optionally or order out outer outfile over parallel partition percent_rank " +
    "precision primary procedure purge qualify range rank read read_write reads real recursive references regexp release rename repeat replace require resignal " +
    "restrict return returning revoke right rlike row row_number rows schema schemas second_microsecond select sensitive separator set show signal smallint spatial " +
    "specific sql sql_big_result sql_calc_found_rows sql_small_result sqlexception sqlstate sqlwarning ssl starting stored straight_join system table tablesample " +
    "terminated then tinyblob tinyint tinytext to trailing trigger true undo union unique unlock unsigned update usage use using utc_date utc_time utc_timestamp " +
    "values varbinary varchar varcharacter varying virtual when where while window with write xor year_month zerofill";

const words = (list: string) => new Set(list.split(" "));

export const reservedWords: Record<"postgresql" | "mysql", ReadonlySet<string>> = {
    postgresql: words(postgresReserved),
    mysql: words(mysqlReserved),
};

/** Databases the engine or RDS creates and owns; the initial database cannot be one of them. */
export const systemDatabases: Record<"postgresql" | "mysql", ReadonlySet<string>> = {
    // RDS PostgreSQL always creates `postgres`; DBName names an additional database.
    postgresql: new Set(["postgres", "template0", "template1", "rdsadmin"]),
    mysql: new Set(["mysql", "information_schema", "performance_schema", "sys"]),
};

/** Roles and users the engine or RDS owns, and role-name prefixes PostgreSQL reserves. */
export const systemUsers: Record<"postgresql" | "mysql", { names: ReadonlySet<string>; prefixes: readonly string[] }> = {
    postgresql: { names: new Set(["public", "none", "rdsadmin", "rdsrepladmin", "rds_superuser", "rds_replication", "rds_password", "rdstopmgr"]), prefixes: ["pg_", "rds_"] },
    mysql: { names: new Set(["rdsadmin", "rdsrepladmin", "rds_superuser_role", "mysql", "root", "mariadb"]), prefixes: ["rds_"] },
};

/**
 * Longest master username and initial database name RDS accepts (CreateDBInstance / CreateDBCluster
 * MasterUsername, DBName / DatabaseName): PostgreSQL and Aurora PostgreSQL 63 and 63; MySQL,
 * MariaDB and Aurora MySQL 16 and 64.
 */
export const nameMaxLengths: Record<Protocol, { masterUsername: number; databaseName: number }> = {
    postgresql: { masterUsername: 63, databaseName: 63 },
    mysql: { masterUsername: 16, databaseName: 64 },
};

/** Why RDS would refuse `name` as the initial database, or undefined. */
export function databaseNameProblem(engine: string, name: string): string | undefined {
    const family = protocolOf(engine);
    const lower = name.toLowerCase();
    if (systemDatabases[family].has(lower)) return `is a database the engine or RDS already has on ${engine}; name the application's database, e.g. "orders"`;
    if (reservedWords[family].has(lower)) return `is a word ${engine} reserves, which RDS refuses as a database name; choose another, e.g. "${lower}_db"`;
    return undefined;
}

/** Why RDS would refuse `name` as the master username, or undefined. */
export function masterUsernameProblem(engine: string, name: string): string | undefined {
    const family = protocolOf(engine);
    const lower = name.toLowerCase();
    const users = systemUsers[family];
    if (users.names.has(lower) || users.prefixes.some((p) => lower.startsWith(p))) {
        return `is a user the engine or RDS reserves (${[...users.prefixes.map((p) => `${p}*`), ...users.names].join(", ")}); choose another`;
    }
    if (reservedWords[family].has(lower)) return `is a word ${engine} reserves, which RDS refuses as a user name; choose another`;
    return undefined;
}

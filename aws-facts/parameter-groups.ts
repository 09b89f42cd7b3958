// Reading a parameter group's family: "postgres16", "aurora-postgresql16", "mysql8.0",
// "aurora-mysql8.0", "aurora5.6" (legacy Aurora MySQL), "mariadb10.11", "sqlserver-se-15.0",
// "oracle-ee-19": the engine name followed by its major version (the inverse of
// parameterGroupFamily in knowledge.ts).
import { EngineFamily, engineFamily } from "./knowledge";

/** The engine family a parameter group family belongs to, or undefined for an unrecognised family. */
export function engineFamilyOfParameterGroupFamily(family: string): EngineFamily | undefined {
    const engine = family.trim().toLowerCase().replace(/[\d.]+$/, "").replace(/-$/, "");
    return engineFamily(engine);
}

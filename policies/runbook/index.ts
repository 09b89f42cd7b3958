export { dbRunbook } from "./db-runbook";
export { dbDrillsRecent } from "./db-drills-recent";
export { dbOwnership } from "./db-ownership";

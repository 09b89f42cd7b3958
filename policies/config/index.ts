export { dbCustomParameterGroup } from "./db-custom-parameter-group";
export { dbConnectionLimits } from "./db-connection-limits";
export { dbMultiAz } from "./db-multi-az";
export { dbStorageAutoscaling } from "./db-storage-autoscaling";
export { dbNoTestDatabase } from "./db-no-test-database";
export { dbMinorUpgrades } from "./db-minor-upgrades";
export { dbInstanceClass } from "./db-instance-class";
export { dbLogRetention } from "./db-log-retention";

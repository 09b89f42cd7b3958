export { dbAlarms } from "./db-alarms";
export { dbHealthCheck } from "./db-health-check";
export { dbEventNotifications } from "./db-event-notifications";
export { dbEnhancedMonitoring } from "./db-enhanced-monitoring";
export { dbPerformanceInsights } from "./db-performance-insights";

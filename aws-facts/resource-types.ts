// Pulumi type tokens of the resources the pack reads. One place, so a typo is a compile error.
export const types = {
    instance: "aws:rds/instance:Instance",
    cluster: "aws:rds/cluster:Cluster",
    clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    parameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    clusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    subnetGroup: "aws:rds/subnetGroup:SubnetGroup",
    eventSubscription: "aws:rds/eventSubscription:EventSubscription",
    automatedBackupsReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    route: "aws:ec2/route:Route",
    routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    compositeAlarm: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    eventRule: "aws:cloudwatch/eventRule:EventRule",
    eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
    backupPlan: "aws:backup/plan:Plan",
    backupSelection: "aws:backup/selection:Selection",
    backupVault: "aws:backup/vault:Vault",
    restoreTestingPlan: "aws:backup/restoreTestingPlan:RestoreTestingPlan",
    restoreTestingSelection: "aws:backup/restoreTestingSelection:RestoreTestingSelection",
    kmsKey: "aws:kms/key:Key",
    snsTopic: "aws:sns/topic:Topic",
    lambdaFunction: "aws:lambda/function:Function",
    lambdaInvocation: "aws:lambda/invocation:Invocation",
    syntheticsCanary: "aws:synthetics/canary:Canary",
    schedule: "aws:scheduler/schedule:Schedule",
    secret: "aws:secretsmanager/secret:Secret",
    // Key-value and cache stores (facts in dynamodb.ts, elasticache.ts).
    dynamodbTable: "aws:dynamodb/table:Table",
    elasticacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    elasticacheCluster: "aws:elasticache/cluster:Cluster",
    elasticacheServerlessCache: "aws:elasticache/serverlessCache:ServerlessCache",
    elasticacheUserGroup: "aws:elasticache/userGroup:UserGroup",
    elasticacheUser: "aws:elasticache/user:User",
    elasticacheSubnetGroup: "aws:elasticache/subnetGroup:SubnetGroup",
    memorydbSubnetGroup: "aws:memorydb/subnetGroup:SubnetGroup",
    memorydbUser: "aws:memorydb/user:User",
    memorydbCluster: "aws:memorydb/cluster:Cluster",
    appautoscalingTarget: "aws:appautoscaling/target:Target",
    appautoscalingPolicy: "aws:appautoscaling/policy:Policy",
    postgresqlRole: "postgresql:index/role:Role",
    postgresqlGrant: "postgresql:index/grant:Grant",
    mysqlUser: "mysql:index/user:User",
    mysqlGrant: "mysql:index/grant:Grant",
} as const;

/** "aws:rds/instance:Instance" -> "aws.rds.Instance", the class a Pulumi TypeScript user writes. */
export function typeLabel(token: string): string {
    const match = /^([^:]+):([^/:]+)(?:\/[^:]*)?:(.+)$/.exec(token);
    if (!match) return token;
    const [, pkg, mod, name] = match;
    return mod === "index" ? `${pkg}.${name}` : `${pkg}.${mod}.${name}`;
}

// Where a database's alerts go: an SNS topic (or the caller's), with a policy that lets the AWS
// services that publish to it do so (CloudWatch alarms, RDS event notifications, EventBridge
// rules), each only on behalf of this account, and optional e-mail subscriptions.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { accountOf, policyDocument } from "./iam";

/** Services that publish a database's alerts to the topic. */
export const alertPublishers = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "events.rds.amazonaws.com"] as const;

export interface AlertTopicArgs {
    identifier: string;
    /** An existing topic; its policy must let the publishers above publish (the component leaves it alone). */
    alarmTopicArn?: pulumi.Input<string>;
    emails: string[];
    tags: Record<string, string>;
}

export interface AlertTopic {
    topic?: aws.sns.Topic;
    policy?: aws.sns.TopicPolicy;
    subscriptions: aws.sns.TopicSubscription[];
    topicArn: pulumi.Output<string>;
}

export function alertTopic(name: string, args: AlertTopicArgs, parent: pulumi.Resource): AlertTopic {
    if (args.alarmTopicArn !== undefined) {
        const topicArn = pulumi.output(args.alarmTopicArn);
        return { topicArn, subscriptions: subscribe(name, topicArn, args.emails, parent) };
    }
    const topic = new aws.sns.Topic(`${name}-alerts`, { displayName: `Database ${args.identifier} alerts`, tags: args.tags }, { parent });
    const account = topic.arn.apply(accountOf);
    const policy = new aws.sns.TopicPolicy(
        `${name}-alerts-policy`,
        {
            arn: topic.arn,
            policy: policyDocument([
                {
                    Sid: "AccountOwnerManagesTopic",
                    Effect: "Allow",
                    Principal: { AWS: pulumi.interpolate`arn:${topic.arn.apply((a) => a.split(":")[1])}:iam::${account}:root` },
                    Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"],
                    Resource: topic.arn,
                },
                {
                    Sid: "AwsServicesPublishAlerts",
                    Effect: "Allow",
                    Principal: { Service: [...alertPublishers] },
                    Action: "sns:Publish",
                    Resource: topic.arn,
                    Condition: { StringEquals: { "aws:SourceAccount": account } },
                },
            ]),
        },
        { parent },
    );
    return { topic, policy, topicArn: topic.arn, subscriptions: subscribe(name, topic.arn, args.emails, parent) };
}

function subscribe(name: string, topicArn: pulumi.Input<string>, emails: string[], parent: pulumi.Resource): aws.sns.TopicSubscription[] {
    return emails.map((email, i) => new aws.sns.TopicSubscription(`${name}-alerts-email-${i}`, { topic: topicArn, protocol: "email", endpoint: email }, { parent }));
}

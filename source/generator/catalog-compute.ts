// Background catalog, part 1: compute, monitoring and operations services
// (EC2, Lambda, SSM, CloudWatch, Logs, ELB, ECR, DynamoDB, CloudTrail).
// Weights are relative frequencies; they mimic a typical production account
// where describe/list polling and agent heartbeats dominate the volume.

import { arnFn, HUMANS, itemSet, OPS, res1, WORKLOADS, type Template } from './template.js';
import { consoleDate } from './record.js';

const ec2 = 'ec2.amazonaws.com';
const emptyFilter = '"filterSet":{}';

export const COMPUTE: Template[] = [
  // --- EC2 -----------------------------------------------------------------
  { source: ec2, name: 'DescribeInstances', readOnly: true, who: [...OPS, 'app'], weight: 10,
    build: (c) => ({ req: c.rng.chance(0.5)
      ? `{"instancesSet":${itemSet(c, 'instanceId', c.w.instances, 3)},${emptyFilter}}`
      : `{"instancesSet":{},"filterSet":{"items":[{"name":"instance-state-name","valueSet":{"items":[{"value":"running"}]}},{"name":"tag:Environment","valueSet":{"items":[{"value":"prod"}]}}]}}` }) },
  { source: ec2, name: 'DescribeSecurityGroups', readOnly: true, who: OPS, weight: 4,
    build: (c) => ({ req: `{"securityGroupSet":{},"securityGroupIdSet":${itemSet(c, 'groupId', c.w.securityGroups, 4)},${emptyFilter}}` }) },
  { source: ec2, name: 'DescribeVolumes', readOnly: true, who: [...OPS, 'backup'], weight: 3,
    build: (c) => ({ req: `{"volumeSet":{},"filterSet":{"items":[{"name":"attachment.instance-id","valueSet":{"items":[{"value":"${c.rng.pick(c.w.instances)}"}]}}]}}` }) },
  { source: ec2, name: 'DescribeVpcs', readOnly: true, who: OPS, weight: 2,
    build: (c) => ({ req: `{"vpcSet":${itemSet(c, 'vpcId', c.w.vpcs, 2)},${emptyFilter}}` }) },
  { source: ec2, name: 'DescribeSubnets', readOnly: true, who: OPS, weight: 2,
    build: (c) => ({ req: `{"subnetSet":{},"filterSet":{"items":[{"name":"vpc-id","valueSet":{"items":[{"value":"${c.rng.pick(c.w.vpcs)}"}]}}]}}` }) },
  { source: ec2, name: 'DescribeImages', readOnly: true, who: ['ci', 'human'], weight: 1.5,
    build: (c) => ({ req: `{"executableBySet":{},"imagesSet":${itemSet(c, 'imageId', c.w.amis, 1)},"ownersSet":{"items":[{"owner":"amazon"}]},"includeDeprecated":false,${emptyFilter}}` }) },
  { source: ec2, name: 'DescribeRegions', readOnly: true, who: [...HUMANS, 'ci', 'root'], weight: 1,
    build: () => ({ req: '{"regionSet":{},"allRegions":false}' }) },
  { source: ec2, name: 'DescribeAvailabilityZones', readOnly: true, who: ['ci', 'human'], weight: 1,
    build: () => ({ req: '{"availabilityZoneSet":{},"availabilityZoneIdSet":{},"allAvailabilityZones":false}' }) },
  { source: ec2, name: 'DescribeNetworkInterfaces', readOnly: true, who: ['svcrole', 'monitor', 'ci'], weight: 2,
    build: (c) => ({ req: `{"networkInterfaceIdSet":{},"filterSet":{"items":[{"name":"subnet-id","valueSet":{"items":[{"value":"${c.rng.pick(c.w.subnets)}"}]}}]}}` }) },
  { source: ec2, name: 'DescribeTags', readOnly: true, who: ['app', 'ci', 'monitor'], weight: 2,
    build: (c) => ({ req: `{"filterSet":{"items":[{"name":"resource-id","valueSet":{"items":[{"value":"${c.rng.pick(c.w.instances)}"}]}}]}}` }) },
  { source: ec2, name: 'DescribeSnapshots', readOnly: true, who: ['backup', 'human'], weight: 1,
    build: () => ({ req: '{"snapshotSet":{},"ownersSet":{"items":[{"owner":"self"}]},"sharedUsersSet":{},"filterSet":{}}' }) },
  { source: ec2, name: 'CreateTags', readOnly: false, who: ['ci', 'human'], weight: 0.6,
    build: (c) => ({ req: `{"resourcesSet":${itemSet(c, 'resourceId', c.w.instances, 2)},"tagSet":{"items":[{"key":"Owner","value":"platform-team"},{"key":"CostCenter","value":"cc-${c.rng.range(1000, 9999)}"}]}}`,
      resp: `{"requestId":"${c.rng.uuid()}","_return":true}` }) },
  { source: ec2, name: 'StopInstances', readOnly: false, who: HUMANS, weight: 0.2,
    build: (c) => { const i = c.rng.pick(c.w.instances); return { req: `{"instancesSet":{"items":[{"instanceId":"${i}"}]},"force":false}`,
      resp: `{"requestId":"${c.rng.uuid()}","instancesSet":{"items":[{"instanceId":"${i}","currentState":{"code":64,"name":"stopping"},"previousState":{"code":16,"name":"running"}}]}}` }; } },
  { source: ec2, name: 'StartInstances', readOnly: false, who: HUMANS, weight: 0.2,
    build: (c) => { const i = c.rng.pick(c.w.instances); return { req: `{"instancesSet":{"items":[{"instanceId":"${i}"}]}}`,
      resp: `{"requestId":"${c.rng.uuid()}","instancesSet":{"items":[{"instanceId":"${i}","currentState":{"code":0,"name":"pending"},"previousState":{"code":80,"name":"stopped"}}]}}` }; } },
  { source: ec2, name: 'CreateSnapshot', readOnly: false, who: ['backup'], weight: 1.5,
    build: (c) => { const v = c.rng.pick(c.w.volumes); return { req: `{"volumeId":"${v}","description":"nightly backup ${v}"}`,
      resp: `{"requestId":"${c.rng.uuid()}","snapshotId":"snap-0${c.rng.hex(8)}","volumeId":"${v}","status":"pending","startTime":${c.ms},"progress":"","ownerId":"${c.w.account}","volumeSize":100,"encrypted":true}` }; } },
  { source: ec2, name: 'AuthorizeSecurityGroupIngress', readOnly: false, who: ['ci', 'human'], weight: 0.15,
    build: (c) => { const g = c.rng.pick(c.w.securityGroups); return { req: `{"groupId":"${g}","ipPermissions":{"items":[{"ipProtocol":"tcp","fromPort":443,"toPort":443,"groups":{},"ipRanges":{"items":[{"cidrIp":"10.20.0.0/16","description":"internal https"}]},"ipv6Ranges":{},"prefixListIds":{}}]}}`,
      resp: `{"requestId":"${c.rng.uuid()}","_return":true,"securityGroupRuleSet":{"items":[{"groupOwnerId":"${c.w.account}","groupId":"${g}","securityGroupRuleId":"sgr-0${c.rng.hex(8)}","isEgress":false,"ipProtocol":"tcp","fromPort":443,"toPort":443,"cidrIpv4":"10.20.0.0/16","description":"internal https"}]}}` }; } },

  // --- Lambda (eventNames carry the API version suffix) ---------------------
  { source: 'lambda.amazonaws.com', name: 'ListFunctions20150331', readOnly: true, who: [...OPS], weight: 1.5, apiVersion: '2015-03-31',
    build: (c) => ({ req: `{"functionVersion":"ALL","maxItems":${c.rng.pick([50, 100])}}` }) },
  { source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', readOnly: true, who: ['ci', 'human', 'svcrole'], weight: 1.5, apiVersion: '2015-03-31',
    build: (c) => ({ req: `{"functionName":"${c.rng.pick(c.w.functions)}"}` }) },
  { source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode20150331v2', readOnly: false, who: ['ci'], weight: 0.5, apiVersion: '2015-03-31',
    build: (c) => { const f = c.rng.pick(c.w.functions); return { req: `{"functionName":"${f}","s3Bucket":"${c.w.buckets[5]}","s3Key":"builds/lambda/${f}-${c.rng.hex(4)}.zip","publish":true,"dryRun":false}`,
      resp: `{"functionName":"${f}","functionArn":"${arnFn(c, f)}","runtime":"nodejs20.x","role":"arn:aws:iam::${c.w.account}:role/orders-ingest-lambda-role","handler":"index.handler","codeSize":${c.rng.range(20000, 900000)},"description":"","timeout":30,"memorySize":512,"lastModified":"${new Date(c.ms).toISOString().replace('Z', '+0000')}","codeSha256":"${Buffer.from(c.rng.hex(32), 'hex').toString('base64')}","version":"${c.rng.range(2, 90)}","tracingConfig":{"mode":"PassThrough"},"revisionId":"${c.rng.uuid()}","state":"Active","lastUpdateStatus":"InProgress","packageType":"Zip","architectures":["arm64"],"ephemeralStorage":{"size":512}}`,
      res: res1('AWS::Lambda::Function', arnFn(c, f), c.w.account) }; } },
  { source: 'lambda.amazonaws.com', name: 'Invoke', readOnly: false, who: ['app', 'lambda', 'ci'], weight: 3, data: true, apiVersion: '2015-03-31',
    build: (c) => { const f = c.rng.pick(c.w.functions); return { req: `{"functionName":"${arnFn(c, f)}","invocationType":"${c.rng.chance(0.7) ? 'RequestResponse' : 'Event'}"}`,
      extra: '{"functionVersion":"$LATEST"}', res: `[{"accountId":"${c.w.account}","type":"AWS::Lambda::Function","ARN":"${arnFn(c, f)}"}]`, target: arnFn(c, f) }; } },

  // --- SSM -----------------------------------------------------------------
  { source: 'ssm.amazonaws.com', name: 'UpdateInstanceInformation', readOnly: false, who: ['app'], weight: 8,
    build: (c) => ({ req: `{"instanceId":"${c.rng.pick(c.w.instances)}","agentVersion":"3.3.131.0","agentStatus":"Active","platformType":"Linux","platformName":"Amazon Linux","platformVersion":"2023","iPAddress":"10.20.${c.rng.range(0, 15)}.${c.rng.range(4, 250)}","computerName":"ip-10-20-${c.rng.range(0, 15)}-${c.rng.range(4, 250)}.ec2.internal","agentName":"amazon-ssm-agent","availabilityZone":"${c.region}${c.rng.pick(['a', 'b', 'c'])}","sSMConnectionChannel":"ssmmessages"}`,
      resp: '{}' }) },
  { source: 'ssm.amazonaws.com', name: 'GetParameter', readOnly: true, who: [...WORKLOADS, 'ci', 'human'], weight: 5,
    build: (c) => { const n = c.rng.pick(c.w.parameters); return { req: `{"name":"${n}","withDecryption":${n.includes('password') || n.includes('api-key')}}`,
      res: res1('AWS::SSM::Parameter', `arn:aws:ssm:${c.region}:${c.w.account}:parameter${n}`, c.w.account) }; } },
  { source: 'ssm.amazonaws.com', name: 'GetParameters', readOnly: true, who: WORKLOADS, weight: 2,
    build: (c) => ({ req: `{"names":["${c.w.parameters[0]}","${c.w.parameters[1]}"],"withDecryption":true}` }) },
  { source: 'ssm.amazonaws.com', name: 'DescribeInstanceInformation', readOnly: true, who: ['human', 'console', 'svcrole'], weight: 1,
    build: () => ({ req: '{"maxResults":50}' }) },

  // --- CloudWatch & Logs ----------------------------------------------------
  { source: 'monitoring.amazonaws.com', name: 'GetMetricData', readOnly: true, who: ['monitor', 'console'], weight: 6,
    build: (c) => ({ req: `{"metricDataQueries":[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/EC2","metricName":"CPUUtilization","dimensions":[{"name":"InstanceId","value":"${c.rng.pick(c.w.instances)}"}]},"period":300,"stat":"Average"},"returnData":true}],"startTime":"${new Date(c.ms - 3_600_000).toISOString().slice(0, 19)}Z","endTime":"${new Date(c.ms).toISOString().slice(0, 19)}Z"}` }) },
  { source: 'monitoring.amazonaws.com', name: 'DescribeAlarms', readOnly: true, who: ['monitor', 'console', 'svcrole'], weight: 3,
    build: (c) => ({ req: `{"alarmNames":["${c.rng.pick(c.w.alarms)}"],"alarmTypes":["CompositeAlarm","MetricAlarm"]}` }) },
  { source: 'monitoring.amazonaws.com', name: 'ListMetrics', readOnly: true, who: ['monitor'], weight: 2,
    build: () => ({ req: '{"namespace":"AWS/ApplicationELB","metricName":"HTTPCode_Target_5XX_Count"}' }) },
  { source: 'monitoring.amazonaws.com', name: 'PutMetricAlarm', readOnly: false, who: ['ci'], weight: 0.2,
    build: (c) => ({ req: `{"alarmName":"${c.rng.pick(c.w.alarms)}","metricName":"HTTPCode_Target_5XX_Count","namespace":"AWS/ApplicationELB","statistic":"Sum","period":60,"evaluationPeriods":5,"threshold":25.0,"comparisonOperator":"GreaterThanThreshold","treatMissingData":"notBreaching","alarmActions":["arn:aws:sns:${c.region}:${c.w.account}:oncall-pager"]}` }) },
  { source: 'logs.amazonaws.com', name: 'CreateLogStream', readOnly: false, who: WORKLOADS, weight: 6,
    build: (c) => { const g = c.rng.pick(c.w.logGroups); const d = new Date(c.ms).toISOString().slice(0, 10).replace(/-/g, '/'); return {
      req: `{"logGroupName":"${g}","logStreamName":"${d}/[$LATEST]${c.rng.hex(16)}"}` }; } },
  { source: 'logs.amazonaws.com', name: 'DescribeLogGroups', readOnly: true, who: [...OPS], weight: 2,
    build: (c) => ({ req: `{"logGroupNamePrefix":"${c.rng.pick(['/aws/lambda/', '/ecs/', 'vpc-'])}","limit":50}` }) },
  { source: 'logs.amazonaws.com', name: 'FilterLogEvents', readOnly: true, who: HUMANS, weight: 1,
    build: (c) => ({ req: `{"logGroupName":"${c.rng.pick(c.w.logGroups)}","startTime":${c.ms - 900_000},"endTime":${c.ms},"filterPattern":"?ERROR ?Exception","interleaved":true}` }) },

  // --- ELB, ECR, DynamoDB, CloudTrail ----------------------------------------
  { source: 'elasticloadbalancing.amazonaws.com', name: 'DescribeLoadBalancers', readOnly: true, who: ['monitor', 'svcrole', 'ci'], weight: 2,
    build: (c) => ({ req: `{"names":["${c.rng.pick(c.w.loadBalancers)}"]}` }) },
  { source: 'elasticloadbalancing.amazonaws.com', name: 'DescribeTargetHealth', readOnly: true, who: ['monitor', 'ci'], weight: 2,
    build: (c) => ({ req: `{"targetGroupArn":"arn:aws:elasticloadbalancing:${c.region}:${c.w.account}:targetgroup/${c.rng.pick(c.w.loadBalancers)}-tg/${c.rng.hex(8)}"}` }) },
  { source: 'ecr.amazonaws.com', name: 'GetAuthorizationToken', readOnly: true, who: ['ci', 'app'], weight: 2,
    build: () => ({ req: 'null' }) },
  { source: 'dynamodb.amazonaws.com', name: 'DescribeTable', readOnly: true, who: [...WORKLOADS, 'ci'], weight: 2,
    build: (c) => { const t = c.rng.pick(c.w.tables); return { req: `{"tableName":"${t}"}`,
      res: res1('AWS::DynamoDB::Table', `arn:aws:dynamodb:${c.region}:${c.w.account}:table/${t}`, c.w.account) }; } },
  { source: 'dynamodb.amazonaws.com', name: 'ListTables', readOnly: true, who: ['human', 'console'], weight: 0.5,
    build: () => ({ req: '{"limit":100}' }) },
  { source: 'cloudtrail.amazonaws.com', name: 'LookupEvents', readOnly: true, who: ['console', 'human'], weight: 0.6,
    build: (c) => ({ req: `{"startTime":"${consoleDate(c.ms - 86_400_000)}","endTime":"${consoleDate(c.ms)}","maxResults":50}` }) },
  { source: 'cloudtrail.amazonaws.com', name: 'DescribeTrails', readOnly: true, who: ['svcrole', 'console', 'monitor'], weight: 1,
    build: () => ({ req: '{"includeShadowTrails":true}' }) },
  { source: 'cloudtrail.amazonaws.com', name: 'GetTrailStatus', readOnly: true, who: ['svcrole', 'monitor'], weight: 1,
    build: (c) => ({ req: `{"name":"arn:aws:cloudtrail:us-east-1:${c.w.account}:trail/management-trail"}` }) },
];

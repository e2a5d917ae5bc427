// The embedded intrusion: a scripted attack the demo case and hunt queries must find.
//
// Story (all in account[0] / regions[0], from one attacker IP, with the CI user's
// stolen long-term AKIA key): recon → AccessDenied burst while probing for
// privileges → CreateAccessKey for another user (persistence) → root console
// sign-in without MFA → bucket opened to "*" → bulk GetObject exfiltration →
// StopLogging → an admin restarts logging. Some recon calls carry a user agent
// with terminal escape sequences (OSC 8 hyperlink + clear screen), to prove the
// workbench never writes caller-controlled text raw to a terminal.

import type { Rng } from './prng.js';
import type { Cast, Principal } from './identities.js';
import { BROWSER_UA } from './identities.js';
import { assembleRecord, consoleDate, tlsJson, type RecordParts } from './record.js';
import type { World } from './world.js';

export const ATTACKER_IP = '203.0.113.66';
export const ESCAPE_USER_AGENT = '\u001b]8;;https://evil.example/\u0007aws-cli/2.15.0\u001b]8;;\u0007\u001b[2J';
const ATTACKER_UA = 'aws-cli/2.15.0 Python/3.11.6 Linux/6.6.9-amd64 exe/x86_64.kali.2024 prompt/off';
/** Seconds from the first to the last intrusion event (StartLogging); callers reserve this much room. */
export const INTRUSION_SPAN_SECONDS = 2040;

export interface IntrusionEvent {
  ms: number;
  json: string;
}

export interface IntrusionInfo {
  attackerIp: string;
  compromisedUser: string;
  compromisedAccessKey: string;
  victimUser: string;
  /** Access key the attacker created for the victim. */
  newAccessKey: string;
  escapeUserAgent: string;
  bucket: string;
  account: string;
  region: string;
  start: string;
  end: string;
  events: number;
}

interface CallSpec {
  at: number;
  source: string;
  name: string;
  req?: string;
  resp?: string;
  ro?: boolean;
  ua?: string;
  error?: [string, string];
  extra?: string;
  res?: string;
  data?: boolean;
  identity?: string;
  ip?: string;
  type?: RecordParts['eventType'];
  host?: string;
}

const q = (s: string): string => JSON.stringify(s);

export function buildIntrusion(
  w: World, cast: Cast, region: string, startMs: number, trailArn: string, rng: Rng,
): { events: IntrusionEvent[]; info: IntrusionInfo } {
  const me: Principal = cast.compromised;
  const victim = cast.victim.userName!;
  const acct = w.account;
  const bucket = w.sensitiveBucket;
  const identity = me.identity(rng, startMs);
  const newKey = 'AKIA' + rng.upper(16);
  const events: IntrusionEvent[] = [];
  const admin = cast.principals.find((p) => p.type === 'IAMUser' && p.persona === 'human')!;

  const emit = (s: CallSpec): void => {
    const ms = startMs + s.at * 1000;
    const svc = s.source.slice(0, s.source.indexOf('.'));
    const isS3 = svc === 's3';
    const host = s.host ?? (svc === 'iam' ? 'iam.amazonaws.com' : isS3 ? `s3.${region}.amazonaws.com` : `${svc}.${region}.amazonaws.com`);
    events.push({ ms, json: assembleRecord({
      version: isS3 ? '1.10' : '1.09', identityJson: s.identity ?? identity, ms, source: s.source, name: s.name, region,
      ip: s.ip ?? ATTACKER_IP, agentJson: q(s.ua ?? ATTACKER_UA),
      errorCode: s.error?.[0], errorMessageJson: s.error ? q(s.error[1]) : undefined,
      requestJson: s.req ?? 'null', responseJson: s.error ? 'null' : (s.resp ?? 'null'), additionalJson: s.extra,
      requestId: s.type === 'AwsConsoleSignIn' ? undefined : isS3 ? rng.upper(16) : rng.uuid(), eventId: rng.uuid(),
      readOnly: s.ro ?? true, resourcesJson: s.error && !s.data ? undefined : s.res, eventType: s.type ?? 'AwsApiCall',
      management: !s.data, recipient: acct, category: s.data ? 'Data' : 'Management', tlsJson: tlsJson(host, true),
    }) });
  };
  const s3Extra = (out: number): string =>
    `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${Buffer.from(rng.hex(57), 'hex').toString('base64')}","bytesTransferredOut":${out}}`;
  const bucketReq = (sub: string): string => `{"bucketName":"${bucket}","Host":"${bucket}.s3.${region}.amazonaws.com","${sub}":""}`;
  const bucketRes = `[{"accountId":"${acct}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::${bucket}"}]`;

  // 1. Recon: ~30 read-only calls over eight minutes; the first five carry the escape-laden user agent.
  const recon: Array<[string, string, string?]> = [
    ['sts', 'GetCallerIdentity'], ['s3', 'ListBuckets', `{"Host":"s3.${region}.amazonaws.com"}`], ['iam', 'ListUsers'], ['iam', 'ListRoles'],
    ['iam', 'GetAccountAuthorizationDetails', '{"filter":["User","Role","Group","LocalManagedPolicy"]}'],
    ['iam', 'ListPolicies', '{"scope":"Local","onlyAttached":true}'], ['iam', 'ListAttachedUserPolicies', `{"userName":"${me.userName}"}`],
    ['iam', 'ListUserPolicies', `{"userName":"${me.userName}"}`], ['iam', 'ListGroupsForUser', `{"userName":"${me.userName}"}`],
    ['iam', 'GetUser'], ['iam', 'ListAccessKeys', `{"userName":"${victim}"}`], ['ec2', 'DescribeInstances', '{"instancesSet":{},"filterSet":{}}'],
    ['ec2', 'DescribeSecurityGroups', '{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}}'], ['ec2', 'DescribeVpcs', '{"vpcSet":{},"filterSet":{}}'],
    ['ec2', 'DescribeSubnets', '{"subnetSet":{},"filterSet":{}}'], ['ec2', 'DescribeRegions', '{"regionSet":{},"allRegions":true}'],
    ['ec2', 'DescribeKeyPairs', '{"keySet":{},"filterSet":{}}'], ['ec2', 'DescribeSnapshots', '{"snapshotSet":{},"ownersSet":{"items":[{"owner":"self"}]},"filterSet":{}}'],
    ['lambda', 'ListFunctions20150331', '{"functionVersion":"ALL"}'], ['secretsmanager', 'ListSecrets', '{"maxResults":100}'],
    ['ssm', 'DescribeParameters', '{"maxResults":50}'], ['cloudtrail', 'DescribeTrails', '{"includeShadowTrails":true}'],
    ['cloudtrail', 'GetTrailStatus', `{"name":"${trailArn}"}`], ['kms', 'ListKeys', '{"limit":1000}'],
    ['rds', 'DescribeDBInstances', '{"maxRecords":100}'], ['dynamodb', 'ListTables', '{"limit":100}'],
    ['guardduty', 'ListDetectors', '{"maxResults":50}'], ['s3', 'GetBucketAcl', bucketReq('acl')],
    ['s3', 'GetBucketPolicy', bucketReq('policy')], ['s3', 'GetBucketPublicAccessBlock', bucketReq('publicAccessBlock')],
  ];
  recon.forEach(([svc, name, req], i) => {
    const isS3 = svc === 's3';
    emit({ at: i * 16 + rng.int(6), source: `${svc}.amazonaws.com`, name, req: req ?? 'null', ua: i < 5 ? ESCAPE_USER_AGENT : undefined,
      extra: isS3 ? s3Extra(rng.range(300, 4000)) : undefined, res: name.startsWith('GetBucket') ? bucketRes : undefined,
      host: isS3 && name !== 'ListBuckets' ? `${bucket}.s3.${region}.amazonaws.com` : undefined });
  });

  // 2. Privilege probing: 35 denied calls inside three minutes.
  const denied: Array<[string, string, string, string?]> = [
    ['iam', 'CreateUser', '{"userName":"support-sync"}', 'AccessDenied'], ['iam', 'AttachUserPolicy', `{"userName":"${me.userName}","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}`, 'AccessDenied'],
    ['iam', 'PutUserPolicy', `{"userName":"${me.userName}","policyName":"x","policyDocument":"{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Action\\":\\"*\\",\\"Resource\\":\\"*\\"}]}"}`, 'AccessDenied'],
    ['iam', 'CreateRole', '{"roleName":"support-sync-role","assumeRolePolicyDocument":"{}"}', 'AccessDenied'], ['iam', 'CreateLoginProfile', `{"userName":"${me.userName}","passwordResetRequired":false}`, 'AccessDenied'],
    ['iam', 'UpdateAssumeRolePolicy', '{"roleName":"OrganizationAccountAccessRole"}', 'AccessDenied'], ['iam', 'AddUserToGroup', `{"groupName":"admins","userName":"${me.userName}"}`, 'AccessDenied'],
    ['s3', 'GetObject', `{"bucketName":"${w.buckets[4]}","Host":"${w.buckets[4]}.s3.${region}.amazonaws.com","key":"env:/prod/network/terraform.tfstate"}`, 'AccessDenied'],
    ['ec2', 'RunInstances', `{"instancesSet":{"items":[{"imageId":"${w.amis[0]}","minCount":1,"maxCount":1}]},"instanceType":"p3.16xlarge"}`, 'Client.UnauthorizedOperation'],
    ['secretsmanager', 'GetSecretValue', `{"secretId":"${w.secrets[0]}"}`, 'AccessDeniedException'],
  ];
  for (let i = 0; i < 35; i++) {
    const [svc, name, req, code] = denied[i % denied.length];
    const action = `${svc}:${name}`;
    const msg = code === 'Client.UnauthorizedOperation'
      ? `You are not authorized to perform this operation. User: ${me.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${Buffer.from(rng.hex(90), 'hex').toString('base64')}`
      : svc === 's3' ? 'Access Denied' : `User: ${me.arn} is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`;
    const tf = `arn:aws:s3:::${w.buckets[4]}`;
    emit({ at: 540 + i * 5 + rng.int(3), source: `${svc}.amazonaws.com`, name, req, ro: name === 'GetObject' || name === 'GetSecretValue',
      error: [code ?? 'AccessDenied', msg], data: name === 'GetObject', extra: svc === 's3' ? s3Extra(0) : undefined,
      res: svc === 's3' ? `[{"type":"AWS::S3::Object","ARN":"${tf}/env:/prod/network/terraform.tfstate"},{"accountId":"${acct}","type":"AWS::S3::Bucket","ARN":"${tf}"}]` : undefined });
  }

  // 3. Persistence: a new long-term key for a different, more privileged user.
  emit({ at: 780, source: 'iam.amazonaws.com', name: 'CreateAccessKey', ro: false, req: `{"userName":"${victim}"}`,
    resp: `{"accessKey":{"accessKeyId":"${newKey}","status":"Active","userName":"${victim}","createDate":"${consoleDate(startMs + 780_000)}"}}` });

  // 4. Root console sign-in without MFA from the same IP.
  emit({ at: 840, source: 'signin.amazonaws.com', name: 'ConsoleLogin', ro: false, type: 'AwsConsoleSignIn', ua: BROWSER_UA, host: 'signin.aws.amazon.com',
    identity: `{"type":"Root","principalId":"${acct}","arn":"arn:aws:iam::${acct}:root","accountId":"${acct}","accessKeyId":""}`,
    resp: '{"ConsoleLogin":"Success"}',
    extra: `{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_${region}_${rng.hex(8)}","MobileVersion":"No","MFAUsed":"No"}` });

  // 5. Open the bucket to everyone.
  const policy = `{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::${bucket}/*"}]}`;
  emit({ at: 880, source: 's3.amazonaws.com', name: 'DeletePublicAccessBlock', ro: false, req: bucketReq('publicAccessBlock'), extra: s3Extra(0), res: bucketRes, host: `${bucket}.s3.${region}.amazonaws.com` });
  emit({ at: 900, source: 's3.amazonaws.com', name: 'PutBucketPolicy', ro: false,
    req: `{"bucketPolicy":${policy},"bucketName":"${bucket}","Host":"${bucket}.s3.${region}.amazonaws.com","policy":""}`,
    extra: s3Extra(0), res: bucketRes, host: `${bucket}.s3.${region}.amazonaws.com` });

  // 6. Bulk exfiltration: 340 GetObject data events over ten minutes.
  for (let i = 0; i < 340; i++) {
    const key = `exports/monthly/2026-${String(1 + (i % 10)).padStart(2, '0')}/ledger-${String(i).padStart(4, '0')}.csv.gz`;
    emit({ at: 960 + Math.floor(i * 1.75), source: 's3.amazonaws.com', name: 'GetObject', data: true, ua: `[${ATTACKER_UA} command/s3.cp]`,
      req: `{"bucketName":"${bucket}","Host":"${bucket}.s3.${region}.amazonaws.com","key":"${key}"}`, extra: s3Extra(rng.range(50_000, 9_000_000)),
      res: `[{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::${bucket}/${key}"},${bucketRes.slice(1, -1)}]`, host: `${bucket}.s3.${region}.amazonaws.com` });
  }

  // 7. Cover tracks, then an administrator notices and restarts logging.
  emit({ at: 1620, source: 'cloudtrail.amazonaws.com', name: 'StopLogging', ro: false, req: `{"name":"${trailArn}"}` });
  emit({ at: INTRUSION_SPAN_SECONDS, source: 'cloudtrail.amazonaws.com', name: 'StartLogging', ro: false, req: `{"name":"${trailArn}"}`,
    identity: admin.identity(rng, startMs), ip: admin.ips[0], ua: 'aws-cli/2.17.18 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9' });

  events.sort((a, b) => a.ms - b.ms);
  const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 19) + 'Z';
  return {
    events,
    info: {
      attackerIp: ATTACKER_IP, compromisedUser: me.userName!, compromisedAccessKey: me.accessKeyId!, victimUser: victim, newAccessKey: newKey,
      escapeUserAgent: ESCAPE_USER_AGENT, bucket, account: acct, region, start: iso(events[0].ms), end: iso(events[events.length - 1].ms),
      events: events.length,
    },
  };
}

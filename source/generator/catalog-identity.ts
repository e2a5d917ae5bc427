// Background catalog, part 2: identity, storage and crypto services
// (IAM, STS, sign-in, S3 management + data events, KMS, Secrets Manager).

import { BROWSER_UA } from './identities.js';
import { consoleDate } from './record.js';
import {
  arnBucket, arnKms, arnRole, HUMANS, objectKey, OPS, q, res1, WORKLOADS, type Body, type Ctx, type Template,
} from './template.js';

const iam = 'iam.amazonaws.com';
const s3 = 's3.amazonaws.com';
const kms = 'kms.amazonaws.com';

const iamUsers = ['alice.nguyen', 'bob.martin', 'carol.diaz', 'ci-deploy', 'terraform', 'backup-admin'];

/** Bucket for a data event, weighted towards the busy data-lake buckets. */
function dataBucket(c: Ctx): string {
  const w = c.w.dataBucketWeights;
  let x = c.rng.float() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length; i++) if ((x -= w[i]) < 0) return c.w.buckets[i];
  return c.w.buckets[0];
}

const s3RequestId = (c: Ctx): string => c.rng.upper(16);
const amzId2 = (c: Ctx): string => Buffer.from(c.rng.hex(57), 'hex').toString('base64');

/** S3 object-level (data) event body: request, S3 additionalEventData and the object+bucket resources pair. */
function s3Object(c: Ctx, resp: (c: Ctx, b: string, k: string) => string | undefined, bytesIn: boolean): Body {
  const b = dataBucket(c);
  const k = objectKey(c);
  const size = c.rng.range(800, 4_000_000);
  return {
    req: `{"bucketName":"${b}","Host":"${b}.s3.${c.region}.amazonaws.com","key":${q(k)}}`,
    resp: resp(c, b, k),
    extra: `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":${bytesIn ? size : 0},"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${amzId2(c)}","bytesTransferredOut":${bytesIn ? 0 : size}}`,
    res: `[{"type":"AWS::S3::Object","ARN":${q(`${arnBucket(b)}/${k}`)}},{"accountId":"${c.w.account}","type":"AWS::S3::Bucket","ARN":"${arnBucket(b)}"}]`,
    target: `${arnBucket(b)}/${k}`,
    host: `${b}.s3.${c.region}.amazonaws.com`,
    requestId: s3RequestId(c),
  };
}

/** S3 bucket-level management call: `sub` is the sub-resource query parameter (acl, policy, versioning…). */
function s3Bucket(c: Ctx, sub: string): Body {
  const b = c.rng.pick(c.w.buckets);
  return {
    req: `{"bucketName":"${b}","Host":"${b}.s3.${c.region}.amazonaws.com","${sub}":""}`,
    extra: `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${amzId2(c)}","bytesTransferredOut":${c.rng.range(200, 2000)}}`,
    res: res1('AWS::S3::Bucket', arnBucket(b), c.w.account),
    target: arnBucket(b),
    host: `${b}.s3.${c.region}.amazonaws.com`,
    requestId: s3RequestId(c),
  };
}

/** Role assumed by an AWS service principal, matching the service. */
function serviceRole(c: Ctx): [string, string] {
  switch (c.p.label) {
    case 'lambda.amazonaws.com': return ['orders-ingest-lambda-role', c.rng.pick(['orders-ingest', 'etl-partitioner'])];
    case 'ec2.amazonaws.com': return ['app-prod-ec2-role', c.rng.pick(c.w.instances.slice(0, 6))];
    case 'ecs-tasks.amazonaws.com': return ['ecs-payments-task-role', c.rng.hex(16)];
    default: return ['OrganizationAccountAccessRole', c.p.userName ?? 'session'];
  }
}

function assumeRole(c: Ctx): Body {
  const [role, session] = serviceRole(c);
  const roleId = 'AROA' + c.rng.upper(17);
  const token = Buffer.from(c.rng.hex(150), 'hex').toString('base64');
  return {
    req: `{"roleArn":"${arnRole(c, role)}","roleSessionName":${q(session)},"durationSeconds":3600}`,
    resp: `{"credentials":{"accessKeyId":"ASIA${c.rng.upper(16)}","sessionToken":"IQoJb3JpZ2luX2VjE${token}","expiration":"${consoleDate(c.ms + 3_600_000)}"},"assumedRoleUser":{"assumedRoleId":${q(roleId + ':' + session)},"arn":${q(`arn:aws:sts::${c.w.account}:assumed-role/${role}/${session}`)}}}`,
    res: res1('AWS::IAM::Role', arnRole(c, role), c.w.account),
    target: arnRole(c, role),
  };
}

/** Successful console sign-in; the identity is the bare principal (no session yet). */
function consoleLogin(c: Ctx): Body {
  const p = c.p;
  const ip = p.ips.find((i) => i !== 'AWS Internal') ?? '198.51.100.10';
  let identity: string | undefined;
  let mfa = '"MFAUsed":"No"';
  if (p.type === 'IAMUser') {
    identity = `{"type":"IAMUser","principalId":"${p.principalId}","arn":${q(p.arn)},"accountId":"${p.account}","userName":${q(p.userName!)}}`;
    mfa = `"MFAIdentifier":"arn:aws:iam::${p.account}:mfa/${p.userName}","MFAUsed":"Yes"`;
  } else if (p.type === 'Root') {
    identity = `{"type":"Root","principalId":"${p.account}","arn":"arn:aws:iam::${p.account}:root","accountId":"${p.account}","accessKeyId":""}`;
    mfa = `"MFAIdentifier":"arn:aws:iam::${p.account}:mfa/root-account-mfa-device","MFAUsed":"Yes"`;
  }
  const failed = c.rng.chance(0.04);
  return {
    req: 'null',
    resp: `{"ConsoleLogin":"${failed ? 'Failure' : 'Success'}"}`,
    extra: `{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_${c.rng.hex(8)}","MobileVersion":"No",${mfa}}`,
    identity, ip, agent: BROWSER_UA, host: 'signin.aws.amazon.com',
    errorMessage: failed ? 'Failed authentication' : undefined,
  };
}

export const IDENTITY: Template[] = [
  // --- IAM (global) ---------------------------------------------------------
  { source: iam, name: 'ListUsers', readOnly: true, who: [...OPS], weight: 1.5, global: true, build: () => ({ req: 'null' }) },
  { source: iam, name: 'ListRoles', readOnly: true, who: [...OPS], weight: 1.5, global: true, build: () => ({ req: 'null' }) },
  { source: iam, name: 'GetRole', readOnly: true, who: ['ci', 'svcrole', 'human'], weight: 2.5, global: true,
    build: (c) => ({ req: `{"roleName":"${c.rng.pick(c.w.roles)}"}` }) },
  { source: iam, name: 'ListAttachedRolePolicies', readOnly: true, who: ['ci', 'svcrole', 'console'], weight: 1.5, global: true,
    build: (c) => ({ req: `{"roleName":"${c.rng.pick(c.w.roles)}"}` }) },
  { source: iam, name: 'GetPolicy', readOnly: true, who: ['ci', 'svcrole'], weight: 1, global: true,
    build: (c) => ({ req: `{"policyArn":"arn:aws:iam::${c.w.account}:policy/${c.rng.pick(c.w.policies)}"}` }) },
  { source: iam, name: 'GetPolicyVersion', readOnly: true, who: ['ci', 'svcrole'], weight: 1, global: true,
    build: (c) => ({ req: `{"policyArn":"arn:aws:iam::${c.w.account}:policy/${c.rng.pick(c.w.policies)}","versionId":"v${c.rng.range(1, 5)}"}` }) },
  { source: iam, name: 'GetUser', readOnly: true, who: [...HUMANS, 'svcrole'], weight: 1, global: true,
    build: (c) => ({ req: `{"userName":"${c.rng.pick(iamUsers)}"}` }) },
  { source: iam, name: 'ListAccessKeys', readOnly: true, who: ['console', 'svcrole'], weight: 0.8, global: true,
    build: (c) => ({ req: `{"userName":"${c.rng.pick(iamUsers)}"}` }) },
  { source: iam, name: 'ListPolicies', readOnly: true, who: ['console', 'ci'], weight: 0.6, global: true,
    build: () => ({ req: '{"scope":"Local","onlyAttached":false,"policyUsageFilter":"PermissionsPolicy"}' }) },
  { source: iam, name: 'GetAccountSummary', readOnly: true, who: ['console', 'root'], weight: 0.4, global: true, build: () => ({ req: 'null' }) },
  { source: iam, name: 'ListAccountAliases', readOnly: true, who: ['console', 'root'], weight: 0.3, global: true, build: () => ({ req: 'null' }) },
  { source: iam, name: 'ListMFADevices', readOnly: true, who: ['console', 'root'], weight: 0.3, global: true,
    build: (c) => ({ req: c.p.userName ? `{"userName":"${c.p.userName}"}` : 'null' }) },
  { source: iam, name: 'GenerateCredentialReport', readOnly: false, who: ['svcrole', 'console'], weight: 0.2, global: true,
    build: () => ({ req: 'null', resp: '{"state":"STARTED","description":"No report exists. Starting a new report generation task"}' }) },
  { source: iam, name: 'TagRole', readOnly: false, who: ['ci'], weight: 0.2, global: true,
    build: (c) => ({ req: `{"roleName":"${c.rng.pick(c.w.roles.slice(0, 4))}","tags":[{"key":"ManagedBy","value":"terraform"},{"key":"Team","value":"platform"}]}` }) },
  { source: iam, name: 'PutRolePolicy', readOnly: false, who: ['ci'], weight: 0.1, global: true,
    build: (c) => ({ req: `{"roleName":"orders-ingest-lambda-role","policyName":"inline-s3-read","policyDocument":${q(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["${arnBucket(c.w.buckets[1])}","${arnBucket(c.w.buckets[1])}/*"]}]}`)}}` }) },

  // --- STS ------------------------------------------------------------------
  { source: 'sts.amazonaws.com', name: 'AssumeRole', readOnly: true, who: ['service', 'ci'], weight: 6, version: '1.08', build: assumeRole },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', readOnly: true, who: ['ci', 'human', 'app'], weight: 3, version: '1.08',
    build: () => ({ req: 'null' }) },

  // --- Sign-in (global) -------------------------------------------------------
  { source: 'signin.amazonaws.com', name: 'ConsoleLogin', readOnly: false, who: ['console', 'root'], weight: 0.3, global: true,
    eventType: 'AwsConsoleSignIn', noRequestId: true, errorRate: 0, build: consoleLogin },

  // --- S3 management --------------------------------------------------------
  { source: s3, name: 'ListBuckets', readOnly: true, who: [...OPS], weight: 1.5,
    build: (c) => ({ req: `{"Host":"s3.${c.region}.amazonaws.com"}`, requestId: s3RequestId(c), host: `s3.${c.region}.amazonaws.com`,
      extra: `{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":0,"AuthenticationMethod":"AuthHeader","x-amz-id-2":"${amzId2(c)}","bytesTransferredOut":${c.rng.range(900, 3000)}}` }) },
  { source: s3, name: 'GetBucketLocation', readOnly: true, who: [...OPS, 'app'], weight: 1.5, build: (c) => s3Bucket(c, 'location') },
  { source: s3, name: 'GetBucketAcl', readOnly: true, who: ['svcrole', 'console'], weight: 1.2, build: (c) => s3Bucket(c, 'acl') },
  { source: s3, name: 'GetBucketVersioning', readOnly: true, who: ['svcrole', 'ci'], weight: 1, build: (c) => s3Bucket(c, 'versioning') },
  { source: s3, name: 'GetBucketPolicy', readOnly: true, who: ['svcrole', 'ci', 'console'], weight: 1, build: (c) => s3Bucket(c, 'policy') },
  { source: s3, name: 'GetBucketEncryption', readOnly: true, who: ['svcrole', 'ci'], weight: 1, build: (c) => s3Bucket(c, 'encryption') },
  { source: s3, name: 'GetBucketPublicAccessBlock', readOnly: true, who: ['svcrole'], weight: 0.8, build: (c) => s3Bucket(c, 'publicAccessBlock') },

  // --- S3 data events -------------------------------------------------------
  { source: s3, name: 'GetObject', readOnly: true, who: [...WORKLOADS, 'ci', 'human'], weight: 10, data: true, version: '1.10',
    build: (c) => s3Object(c, () => undefined, false) },
  { source: s3, name: 'PutObject', readOnly: false, who: [...WORKLOADS, 'ci', 'backup'], weight: 5, data: true, version: '1.10',
    build: (c) => s3Object(c, (r) => `{"x-amz-server-side-encryption":"aws:kms","x-amz-server-side-encryption-aws-kms-key-id":"${arnKms(r, r.w.kmsKeys[0])}","x-amz-server-side-encryption-bucket-key-enabled":true,"x-amz-version-id":"${r.rng.alnum(32)}"}`, true) },
  { source: s3, name: 'HeadObject', readOnly: true, who: [...WORKLOADS, 'ci'], weight: 4, data: true, version: '1.10',
    build: (c) => s3Object(c, () => undefined, false) },
  { source: s3, name: 'DeleteObject', readOnly: false, who: ['lambda', 'ci'], weight: 0.6, data: true, version: '1.10',
    build: (c) => s3Object(c, () => undefined, false) },

  // --- KMS ------------------------------------------------------------------
  { source: kms, name: 'Decrypt', readOnly: true, who: [...WORKLOADS, 'ci', 'human'], weight: 9, version: '1.08',
    build: (c) => {
      const key = arnKms(c, c.rng.pick(c.w.kmsKeys));
      const viaS3 = c.rng.chance(0.4);
      const ctx = viaS3 ? `{"aws:s3:arn":${q(`${arnBucket(dataBucket(c))}/${objectKey(c)}`)}}` : `{"SecretARN":"arn:aws:secretsmanager:${c.region}:${c.w.account}:secret:${c.rng.pick(c.w.secrets)}-${c.rng.alnum(6)}","SecretVersionId":"${c.rng.uuid()}"}`;
      return { req: `{"encryptionContext":${ctx},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, res: res1('AWS::KMS::Key', key, c.w.account),
        target: key, via: viaS3 ? s3 : c.rng.chance(0.5) ? 'secretsmanager.amazonaws.com' : undefined };
    } },
  { source: kms, name: 'GenerateDataKey', readOnly: true, who: [...WORKLOADS, 'backup'], weight: 4, version: '1.08',
    build: (c) => { const id = c.rng.pick(c.w.kmsKeys); const key = arnKms(c, id); return {
      req: `{"keyId":"${key}","encryptionContext":{"aws:s3:arn":"${arnBucket(dataBucket(c))}"},"keySpec":"AES_256"}`,
      res: res1('AWS::KMS::Key', key, c.w.account), target: key, via: s3 }; } },
  { source: kms, name: 'Encrypt', readOnly: true, who: WORKLOADS, weight: 1, version: '1.08',
    build: (c) => { const key = arnKms(c, c.rng.pick(c.w.kmsKeys)); return {
      req: `{"keyId":"alias/app-secrets","encryptionAlgorithm":"SYMMETRIC_DEFAULT"}`, res: res1('AWS::KMS::Key', key, c.w.account), target: key }; } },
  { source: kms, name: 'DescribeKey', readOnly: true, who: [...OPS], weight: 1, version: '1.08',
    build: (c) => { const key = arnKms(c, c.rng.pick(c.w.kmsKeys)); return { req: `{"keyId":"${key}"}`, res: res1('AWS::KMS::Key', key, c.w.account), target: key }; } },
  { source: kms, name: 'ListAliases', readOnly: true, who: ['console', 'svcrole'], weight: 0.5, version: '1.08', build: () => ({ req: '{"limit":100}' }) },

  // --- Secrets Manager ------------------------------------------------------
  { source: 'secretsmanager.amazonaws.com', name: 'GetSecretValue', readOnly: true, who: ['app', 'lambda'], weight: 2.5,
    build: (c) => ({ req: `{"secretId":"${c.rng.pick(c.w.secrets)}"}` }) },
  { source: 'secretsmanager.amazonaws.com', name: 'DescribeSecret', readOnly: true, who: ['ci', 'console', 'svcrole'], weight: 0.7,
    build: (c) => ({ req: `{"secretId":"arn:aws:secretsmanager:${c.region}:${c.w.account}:secret:${c.rng.pick(c.w.secrets)}-${c.rng.alnum(6)}"}` }) },
];

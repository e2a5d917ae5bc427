// Per-account inventory of synthetic AWS resources (buckets, instances, keys…).
//
// Records refer to a small, stable set of resources per account so that pivots
// in the workbench ("everything that touched bucket X / instance Y") return
// meaningful clusters instead of one hit per random ID.

import { Rng } from './prng.js';

export interface World {
  account: string;
  alias: string;
  buckets: string[];
  dataBucketWeights: number[];
  objectPrefixes: string[];
  instances: string[];
  securityGroups: string[];
  vpcs: string[];
  subnets: string[];
  volumes: string[];
  amis: string[];
  kmsKeys: string[];
  functions: string[];
  logGroups: string[];
  parameters: string[];
  secrets: string[];
  tables: string[];
  roles: string[];
  policies: string[];
  loadBalancers: string[];
  alarms: string[];
  /** The bucket the embedded intrusion opens to the world and exfiltrates. */
  sensitiveBucket: string;
}

const ALIASES = ['acme-prod', 'acme-shared', 'acme-dev', 'acme-sandbox', 'acme-logs', 'acme-data'];

export function buildWorld(account: string, index: number, rng: Rng): World {
  const alias = ALIASES[index % ALIASES.length] + (index >= ALIASES.length ? `-${index}` : '');
  const sensitiveBucket = `${alias}-finance-exports`;
  const buckets = [
    `${alias}-app-assets`,
    `${alias}-data-lake-raw`,
    `${alias}-data-lake-curated`,
    sensitiveBucket,
    `${alias}-terraform-state`,
    `${alias}-build-artifacts`,
    `${alias}-backups`,
  ];
  const ids = (prefix: string, n: number, hexLen: number): string[] =>
    Array.from({ length: n }, () => `${prefix}${rng.hex(Math.ceil(hexLen / 2)).slice(0, hexLen)}`);
  return {
    account,
    alias,
    buckets,
    // Data events concentrate on the data lake and artefact buckets; the finance
    // bucket is touched rarely so that bulk reads of it stand out.
    dataBucketWeights: [6, 10, 8, 0.4, 1, 5, 2],
    objectPrefixes: [
      'raw/events/year=2026/month=11/',
      'curated/orders/dt=2026-11-02/',
      'exports/monthly/',
      'static/img/',
      'builds/web/',
      'env:/prod/network/',
      'snapshots/postgres/',
    ],
    instances: ids('i-0', 14, 16),
    securityGroups: ids('sg-0', 8, 16),
    vpcs: ids('vpc-0', 2, 16),
    subnets: ids('subnet-0', 6, 16),
    volumes: ids('vol-0', 14, 16),
    amis: ids('ami-0', 4, 16),
    kmsKeys: Array.from({ length: 5 }, () => rng.uuid()),
    functions: ['orders-ingest', 'thumbnailer', 'nightly-report', 'slack-notifier', 'etl-partitioner', 'auth-authorizer'],
    logGroups: [
      '/aws/lambda/orders-ingest',
      '/aws/lambda/thumbnailer',
      '/aws/lambda/nightly-report',
      '/ecs/web-frontend',
      '/ecs/payments-api',
      'vpc-flow-logs',
    ],
    parameters: [
      '/prod/payments-api/db-host',
      '/prod/payments-api/db-password',
      '/prod/web/feature-flags',
      '/shared/datadog/api-key',
      '/ami/latest/al2023',
    ],
    secrets: ['prod/payments/db', 'prod/stripe/api', 'shared/github/deploy-token'],
    tables: ['orders', 'sessions', 'inventory', 'terraform-locks'],
    roles: [
      'app-prod-ec2-role',
      'orders-ingest-lambda-role',
      'ecs-payments-task-role',
      'github-actions-deploy',
      'OrganizationAccountAccessRole',
      `AWSReservedSSO_AdministratorAccess_${rng.hex(8)}`,
      `AWSReservedSSO_ReadOnlyAccess_${rng.hex(8)}`,
    ],
    policies: ['DeployPolicy', 'DataLakeReadOnly', 'BackupOperator', 'PaymentsApiAccess'],
    loadBalancers: ['web-frontend-alb', 'payments-api-nlb'],
    alarms: ['payments-api-5xx', 'orders-queue-depth', 'web-latency-p99', 'billing-estimated-charges'],
    sensitiveBucket,
  };
}

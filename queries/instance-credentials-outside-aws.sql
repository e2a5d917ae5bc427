-- id: instance-credentials-outside-aws
-- title: EC2 instance credentials used from elsewhere
-- severity: high
-- tactic: credential-access
-- mitre: T1552.005
-- description: Calls made with an EC2 instance role's session (assumed-role/<role>/i-<id>) from a
--   public address that the instance does not normally use: an address IAM users or root also call from
--   (the credentials reached a person's machine), or one that the instance did not use in its first ten
--   minutes in the case and that no other instance of the role uses (a shared NAT gateway). Private addresses, VPC
--   endpoints, AWS service names and calls AWS made on the instance's behalf are ignored. Without AWS's
--   IP ranges this approximates GuardDuty's InstanceCredentialExfiltration finding.
-- references: https://attack.mitre.org/techniques/T1552/005/
--   https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#unauthorizedaccess-iam-instancecredentialexfiltrationoutsideaws
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ec2-steal-instance-credentials/
-- false-positives: An instance whose public address changed (stop/start, new Elastic IP); an instance
--   that calls through several NAT gateways; a bastion where people use IAM-user keys behind the same NAT.
--   Missed: stolen credentials used before the instance itself appears in the case.
WITH instance_calls AS (
  SELECT *,
         regexp_extract(principal_arn, '/([^/]+)$', 1) AS instance_session,
         coalesce(principal_role_arn, regexp_extract(principal_arn, ':assumed-role/([^/]+)/', 1)) AS role
  FROM events
  WHERE identity_type = 'AssumedRole' AND invoked_by IS NULL AND vpc_endpoint_id IS NULL
    AND principal_arn LIKE '%:assumed-role/%/i-%'
    AND regexp_matches(principal_arn, ':assumed-role/[^/]+/i-[0-9a-fA-F]{8,17}$')
),
public_calls AS (
  SELECT * FROM instance_calls
  WHERE regexp_matches(source_ip, '^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]+)$')
    AND NOT regexp_matches(source_ip, '^(10\.|127\.|169\.254\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|[fF][cCdD]|[fF][eE]80)')
),
home AS (
  SELECT DISTINCT role, instance_session, source_ip
  FROM (SELECT *, min(event_time) OVER (PARTITION BY role, instance_session) AS instance_first_seen FROM public_calls)
  WHERE event_time < instance_first_seen + INTERVAL 10 MINUTES
),
shared AS (
  SELECT role, source_ip FROM public_calls GROUP BY ALL HAVING count(DISTINCT instance_session) >= 2
),
people AS (
  SELECT DISTINCT source_ip FROM events
  WHERE identity_type IN ('IAMUser', 'Root', 'FederatedUser')
    AND source_ip IN (SELECT source_ip FROM public_calls)
)
SELECT p.event_key, p.event_id, p.event_time, p.event_source, p.event_name, p.principal_arn, p.instance_session,
       p.source_ip, p.error_code, p.source_ip IN (SELECT source_ip FROM people) AS address_used_by_people
FROM public_calls AS p
WHERE p.source_ip IN (SELECT source_ip FROM people)
   OR (NOT EXISTS (SELECT 1 FROM home AS h
                   WHERE h.role = p.role AND h.instance_session = p.instance_session AND h.source_ip = p.source_ip)
       AND NOT EXISTS (SELECT 1 FROM shared AS s WHERE s.role = p.role AND s.source_ip = p.source_ip))
ORDER BY p.event_time, p.event_key

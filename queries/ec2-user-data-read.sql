-- id: ec2-user-data-read
-- title: Instance user data read
-- severity: medium
-- tactic: credential-access
-- mitre: T1552
-- description: DescribeInstanceAttribute calls for the userData attribute, successful or
--   permission-denied. Bootstrap scripts often hold passwords and tokens; reading them across many
--   instances is credential hunting.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.discovery.ec2-download-user-data/
--   https://attack.mitre.org/techniques/T1552/
-- false-positives: Configuration scanners and inventory tools that read user data on purpose.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.instanceId') AS instance_id
FROM events
WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'DescribeInstanceAttribute'
  AND (request_parameters->>'$.attribute') = 'userData'
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key

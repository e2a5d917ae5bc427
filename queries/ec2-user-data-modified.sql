-- id: ec2-user-data-modified
-- title: Instance user data changed
-- severity: high
-- tactic: execution
-- mitre: T1059.009
-- description: ModifyInstanceAttribute calls that set an instance's user data, successful or
--   permission-denied. User data scripts run as root at the next boot, so changing them (usually with a
--   stop and start around it) runs the attacker's code on the instance.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ec2-user-data/
--   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
-- false-positives: Rebuilding an instance's bootstrap by hand; most fleets replace instances instead.
SELECT event_key, event_id, event_time, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.instanceId') AS instance_id
FROM events
WHERE event_source = 'ec2.amazonaws.com' AND event_name = 'ModifyInstanceAttribute'
  AND ((request_parameters->>'$.userData') IS NOT NULL OR (request_parameters->>'$.attribute') = 'userData')
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key

-- id: ec2-instance-connect-ssh-key
-- title: SSH keys pushed to instances
-- severity: medium
-- tactic: lateral-movement
-- mitre: T1021.004
-- description: EC2 Instance Connect SendSSHPublicKey and SendSerialConsoleSSHPublicKey calls, and
--   EnableSerialConsoleAccess; successful or permission-denied. Each pushes a key that lets the caller
--   log in to the instance (or its serial console) for 60 seconds.
-- references: https://stratus-red-team.cloud/attack-techniques/AWS/aws.lateral-movement.ec2-instance-connect/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.lateral-movement.ec2-serial-console-send-ssh-public-key/
-- false-positives: Engineers using Instance Connect as their normal SSH path.
SELECT event_key, event_id, event_time, event_name, identity_type, principal_arn, source_ip, error_code,
       (request_parameters->>'$.instanceId') AS instance_id, (request_parameters->>'$.instanceOSUser') AS os_user
FROM events
WHERE ((event_source = 'ec2-instance-connect.amazonaws.com'
        AND event_name IN ('SendSSHPublicKey', 'SendSerialConsoleSSHPublicKey'))
    OR (event_source = 'ec2.amazonaws.com' AND event_name = 'EnableSerialConsoleAccess'))
  AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
ORDER BY event_time, event_key
